// Keywords in what a visitor reads or clicks. The workhorse of the rubric: menu labels, link texts,
// slugs, titles and headings are where an Indonesian portal names its PPID, its complaint channel
// or its budget. `exclude` words veto the item they appear in, so "Login Admin" or a SIMPEG link for
// staff never counts as a citizen service.
import { z } from 'zod';
import type { LinkKind } from '../../gather/types.ts';
import { compileGroups, snippet, urlWords, type KeywordGroup, type TextIndex } from '../text.ts';
import type { DetectorContext, DetectorKind, FactPage } from '../types.ts';
import { EvidenceList, keywordList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';

export const KEYWORD_TARGETS = ['link_text', 'link_url', 'title', 'headings', 'text', 'page_url', 'form_text'] as const;
export type KeywordTarget = (typeof KEYWORD_TARGETS)[number];
export const LINK_KINDS = ['internal', 'external', 'document', 'social', 'mailto', 'tel', 'whatsapp'] as const;

const schema = z.strictObject({
  kind: z.literal('keywords'),
  in: z.array(z.enum(KEYWORD_TARGETS)).min(1),
  any: keywordList,
  exclude: keywordList.optional(),
  link_kinds: z.array(z.enum(LINK_KINDS)).min(1).optional(),
  min: minField,
  partial: partialField,
});
export type KeywordsConfig = z.infer<typeof schema>;

/** One thing on a page that keywords are matched against. */
export interface Item {
  page: FactPage;
  /** Text the keywords are looked for in. */
  hay: string;
  /** Text the exclude words are looked for in; the window around the match when undefined. */
  veto?: () => string;
  /** Evidence text for a match in `hay` at the given span. */
  show(span: { start: number; end: number }): string;
}

export function* items(page: FactPage, targets: readonly KeywordTarget[], linkKinds?: readonly LinkKind[]): Generator<Item> {
  const f = page.facts;
  for (const target of targets) {
    switch (target) {
      case 'link_text':
      case 'link_url':
        for (const link of f.links) {
          if (link.hidden || (linkKinds && !linkKinds.includes(link.kind))) continue;
          const words = urlWords(link.href);
          yield { page, hay: target === 'link_text' ? link.text : words, veto: () => `${link.text} ${words}`, show: () => `"${link.text}" → ${link.href}` };
        }
        break;
      case 'title':
        yield { page, hay: f.meta.title, veto: () => f.meta.title, show: () => `title: ${f.meta.title}` };
        break;
      case 'headings':
        for (const h of f.headings) yield { page, hay: h.text, veto: () => h.text, show: () => `h${h.level}: ${h.text}` };
        break;
      case 'text':
        yield { page, hay: f.text, show: (span) => snippet(f.text, span) };
        break;
      case 'page_url':
        yield { page, hay: urlWords(page.url), veto: () => urlWords(page.url), show: () => `page ${page.url}` };
        break;
      case 'form_text':
        for (const form of f.forms) {
          const hay = formWords(form);
          yield { page, hay, veto: () => `${hay} ${urlWords(form.action)}`, show: () => `form: ${hay}` };
        }
        break;
    }
  }
}

export function formWords(form: { text: string; fields: Array<{ name: string; label?: string }> }): string {
  return [form.text, ...form.fields.map((x) => `${x.label ?? ''} ${x.name.replace(/[_\-[\]]+/g, ' ')}`)].join(' ').replace(/\s+/g, ' ').trim();
}

/** True when an exclude word occurs in the item (or, for free text, near the match). */
export function vetoed(ctx: DetectorContext, item: Item, span: { start: number; end: number }, exclude: KeywordGroup[]): boolean {
  if (exclude.length === 0) return false;
  const veto = item.veto?.() ?? item.hay.slice(Math.max(0, span.start - 60), span.end + 60);
  const idx: TextIndex = ctx.text.get(veto);
  return exclude.some((g) => g.keywords.some((k) => idx.has(k)));
}

/** Adds the groups found in the items to `found`, with evidence; stops once every group is found. */
export function matchGroups(
  ctx: DetectorContext,
  source: Iterable<Item>,
  groups: KeywordGroup[],
  exclude: KeywordGroup[],
  ev: EvidenceList,
  found: Set<number>,
): void {
  for (const item of source) {
    if (found.size === groups.length) return;
    if (!item.hay) continue;
    const idx = ctx.text.get(item.hay);
    groups.forEach((g, gi) => {
      if (found.has(gi)) return;
      for (const kw of g.keywords) {
        const span = idx.find(kw);
        if (!span || vetoed(ctx, item, span, exclude)) continue;
        found.add(gi);
        ev.add(item.page.url, item.show(span));
        return;
      }
    });
  }
}

export const keywords: DetectorKind<KeywordsConfig> = {
  kind: 'keywords',
  schema,
  start(c, ctx) {
    const ev = new EvidenceList();
    const groups = compileGroups(c.any);
    const exclude = compileGroups(c.exclude ?? []);
    const found = new Set<number>();
    return {
      page: (p) => matchGroups(ctx, items(p, c.in, c.link_kinds), groups, exclude, ev, found),
      get settled() {
        return found.size === groups.length;
      },
      finish: () => outcome(found.size, c.min, c.partial, ev, `none of: ${listSummary(c.any)}`),
    };
  },
  summary: (c) =>
    `keywords in ${c.in.join('/')}: ${listSummary(c.any)}${minSummary(c.min, c.partial)}${c.exclude ? `; not with ${listSummary(c.exclude, 3)}` : ''}`,
};
