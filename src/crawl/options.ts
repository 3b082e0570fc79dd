import { readFileSync } from 'node:fs';
import type { CrawlOptions } from './types.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string; homepage: string };

export const VERSION: string = pkg.version;

/** Says plainly who is asking and where to read about it, so a portal's admin can find us. */
export const DEFAULT_USER_AGENT = `egovscan/${pkg.version} (+${pkg.homepage})`;

/** The robots.txt token egovscan answers to (matched case-insensitively by robots-parser). */
export const ROBOTS_TOKEN = 'egovscan';

export const DEFAULT_CRAWL_OPTIONS: Readonly<CrawlOptions> = Object.freeze({
  maxPages: 300,
  maxDepth: 5,
  concurrency: 16,
  perHost: 2,
  delayMs: 250,
  timeoutMs: 20_000,
  retries: 3,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 10,
  allowPrivate: false,
  userAgent: DEFAULT_USER_AGENT,
  checkExternal: true,
  maxPerPattern: 0,
  trapLimit: 10,
  onlyResolved: false,
  retryBaseMs: 500,
});

/** `{ ...base, ...over }`, except that an explicit `undefined` in `over` (an absent CLI flag) keeps the base value. */
export function mergeDefined<B extends object>(base: B, ...overs: Array<Partial<B> | undefined>): B {
  const out = { ...base } as Record<string, unknown>;
  for (const over of overs) {
    for (const [k, v] of Object.entries(over ?? {})) if (v !== undefined) out[k] = v;
  }
  return out as B;
}

export function withDefaults(partial: Partial<CrawlOptions> = {}): CrawlOptions {
  return mergeDefined<CrawlOptions>(DEFAULT_CRAWL_OPTIONS, partial);
}
