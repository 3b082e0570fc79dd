// sitemap.xml: URL lists and sitemap indexes, plain or gzipped. A regex reader rather than an XML
// parser: real sitemaps are often invalid XML (stray "&", BOMs, HTML error pages), and all we need
// is the <loc> of each <url> or <sitemap>.

import zlib from 'node:zlib';
import type { HttpPool } from './politeness.ts';
import type { RobotsCache } from './robots.ts';
import { normalizeUrl } from './normalize.ts';

/** The protocol's own limit on an uncompressed sitemap file. */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

function locText(inner: string): string | undefined {
  // Un-prefixed <loc>, not <image:loc> or <video:loc> which name media, not pages.
  const m = /<loc\b[^>]*>([\s\S]*?)<\/loc\s*>/i.exec(inner) ?? /<(?!image:|video:|xhtml:)\w+:loc\b[^>]*>([\s\S]*?)<\/\w+:loc\s*>/i.exec(inner);
  if (!m) return undefined;
  const raw = m[1]!.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
  return raw === '' ? undefined : decodeEntities(raw);
}

export function parseSitemap(xml: string): { urls: string[]; sitemaps: string[] } {
  const urls: string[] = [];
  const sitemaps: string[] = [];
  const text = xml.replace(/^\uFEFF/, '');
  if (!text.includes('<')) {
    // The protocol also allows a plain text file: one URL per line.
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (/^https?:\/\//i.test(t)) urls.push(t);
    }
    return { urls, sitemaps };
  }
  const entry = /<(?:\w+:)?(url|sitemap)\b[^>]*>([\s\S]*?)<\/(?:\w+:)?\1\s*>/gi;
  for (let m = entry.exec(text); m; m = entry.exec(text)) {
    const loc = locText(m[2]!);
    if (!loc) continue;
    (m[1]!.toLowerCase() === 'url' ? urls : sitemaps).push(loc);
  }
  return { urls, sitemaps };
}

/** Bytes of a sitemap file as text, gunzipping `.xml.gz` bodies (recognised by their magic bytes). */
export function sitemapText(body: Uint8Array): string | undefined {
  let bytes = body;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = zlib.gunzipSync(bytes, { maxOutputLength: MAX_SITEMAP_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

export interface SitemapDiscovery {
  /** Normalised page URLs found, in file order, de-duplicated, only those `accept` took. */
  urls: string[];
  /** Sitemap files fetched (or tried). */
  files: string[];
}

export interface DiscoverSitemapsInput {
  pool: HttpPool;
  origin: string;
  /** Sitemap: lines of robots.txt (fetched even when robots disallows their path: they are advertised). */
  robotsSitemaps: string[];
  robots?: RobotsCache;
  accept: (url: URL) => boolean;
  maxUrls?: number;
  /** Index nesting followed: 0 = only the root files. Default 2. */
  maxDepth?: number;
  maxFiles?: number;
  signal?: AbortSignal;
  fetchOptions?: { userAgent?: string; timeoutMs?: number; retries?: number; maxBytes?: number };
}

export async function discoverSitemaps(input: DiscoverSitemapsInput): Promise<SitemapDiscovery> {
  const maxUrls = input.maxUrls ?? 10_000;
  const maxDepth = input.maxDepth ?? 2;
  const maxFiles = input.maxFiles ?? 50;
  const urls = new Set<string>();
  const files: string[] = [];
  const seenFiles = new Set<string>();
  const advertised = new Set(input.robotsSitemaps.map((s) => normalizeUrl(s)).filter((s): s is string => s !== null));
  let level = [...advertised];
  const guessed = normalizeUrl(`${input.origin}/sitemap.xml`);
  if (guessed && !advertised.has(guessed)) level.push(guessed);

  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      if (seenFiles.has(file) || files.length >= maxFiles || urls.size >= maxUrls || input.signal?.aborted) continue;
      seenFiles.add(file);
      if (!advertised.has(file) && input.robots && !(await input.robots.isAllowed(file, input.signal))) continue;
      files.push(file);
      const res = await input.pool.fetch(file, 'raw', {
        signal: input.signal,
        options: { ...input.fetchOptions, maxBytes: Math.max(input.fetchOptions?.maxBytes ?? 0, 10 * 1024 * 1024) },
      });
      if (res.reason !== 'ok' || !res.body) continue;
      const text = sitemapText(res.body);
      if (text === undefined) continue;
      const parsed = parseSitemap(text);
      for (const u of parsed.urls) {
        if (urls.size >= maxUrls) break;
        const n = normalizeUrl(u, file);
        if (n && input.accept(new URL(n))) urls.add(n);
      }
      for (const s of parsed.sitemaps) {
        const n = normalizeUrl(s, file);
        if (n) next.push(n);
      }
    }
    level = next;
  }
  return { urls: [...urls], files };
}
