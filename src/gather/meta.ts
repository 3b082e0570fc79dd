import type { MetaFact } from './types.ts';
import { collapse, cut } from './dom.ts';
import type { PageScan } from './scan.ts';

const MAX_META_TEXT = 500;

/** The key a `<meta>` is known by: property (Open Graph), else name, else itemprop; lower-cased. */
export function metaKey(attribs: Record<string, string>): string {
  return (attribs.property ?? attribs.name ?? attribs.itemprop ?? '').trim().toLowerCase();
}

export function extractMeta(scan: PageScan, base: URL | undefined): MetaFact {
  const named = new Map<string, string>();
  const og: Record<string, string> = {};
  for (const attribs of scan.metas) {
    const content = attribs.content;
    if (content === undefined) continue;
    const value = cut(collapse(content), MAX_META_TEXT);
    // Some themes put og:* in `name`; either attribute counts, the first value wins (og:image repeats).
    for (const key of new Set([attribs.property, attribs.name].map((k) => (k ?? '').trim().toLowerCase()))) {
      if (key.startsWith('og:') && key.length > 3 && og[key.slice(3)] === undefined) og[key.slice(3)] = value;
    }
    const name = (attribs.name ?? '').trim().toLowerCase();
    if (name && !named.has(name)) named.set(name, value);
  }

  const fact: MetaFact = { title: cut(collapse(scan.title ?? ''), MAX_META_TEXT) || og.title || '', og };
  const lang = scan.htmlLang?.trim();
  if (lang) fact.lang = lang;
  for (const key of ['viewport', 'description', 'generator'] as const) {
    const value = named.get(key);
    if (value) fact[key] = value;
  }
  if (scan.canonicalHref?.trim()) {
    try {
      fact.canonical = new URL(scan.canonicalHref.trim(), base).href;
    } catch {
      // An unparsable canonical is no canonical.
    }
  }
  return fact;
}
