// The fault matrix: one misbehaving server per way a go.id site fails, and for each the reason word
// the crawler records, plus a guard that the crawl ends in bounded time and memory. (The bounds are
// generous guards against hangs and blow-ups, not speed measurements: speed is `npm run bench`.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSite, withDefaults, type CrawlOptions, type CrawlSummary, type LinkProblem, type PageVisit } from '../../src/crawl/index.ts';
import { gatherPage, type PageFacts } from '../../src/gather/index.ts';
import { startFaults, type Faults } from './fault-server.ts';

const TIME_BOUND_MS = 20_000;
const RSS_BOUND_MB = 100;

let f: Faults;
beforeAll(async () => {
  f = await startFaults();
});
afterAll(async () => {
  await f.close();
});

interface Outcome {
  summary: CrawlSummary;
  pages: PageVisit<PageFacts>[];
  links: LinkProblem[];
  ms: number;
  rssGrowthMb: number;
}

function options(partial: Partial<CrawlOptions> = {}): CrawlOptions {
  return withDefaults({
    allowPrivate: true,
    delayMs: 0,
    retries: 3,
    retryBaseMs: 5,
    timeoutMs: 1500,
    userAgent: 'egovscan-faults',
    onlyResolved: true,
    resolve: {
      'selfsigned.fault.test': '127.0.0.1',
      'expired.fault.test': '127.0.0.1',
      'norobots.fault.test': '127.0.0.1',
      'refused.fault.test': '127.0.0.1',
      'portal.fault.test': '127.0.0.1',
    },
    ...partial,
  });
}

async function crawl(portal: string, partial: Partial<CrawlOptions> = {}): Promise<Outcome> {
  const pages: PageVisit<PageFacts>[] = [];
  const links: LinkProblem[] = [];
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = Date.now();
  try {
    const summary = await crawlSite<PageFacts>({
      portal,
      options: options(partial),
      analyse: (page) => {
        const facts = gatherPage(page.html, { url: page.finalUrl, isInternal: () => true, now: new Date('2024-06-01T00:00:00Z') });
        peak = Math.max(peak, process.memoryUsage.rss());
        return { links: facts.links.filter((l) => l.kind === 'internal').map((l) => ({ href: l.href })), data: facts };
      },
      onPage: (v) => {
        pages.push(v);
      },
      onLink: (p) => {
        links.push(p);
      },
    });
    const ms = Date.now() - started;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { summary, pages, links, ms, rssGrowthMb: (peak - before) / (1024 * 1024) };
  } finally {
    clearInterval(sampler);
  }
}

function bounded(o: Outcome, rssMb = RSS_BOUND_MB): void {
  expect(o.ms).toBeLessThan(TIME_BOUND_MS);
  expect(o.rssGrowthMb).toBeLessThan(rssMb);
}

describe('fault matrix', () => {
  it('DNS failure: a name under .invalid', async () => {
    const o = await crawl('http://sipandu.kotacontoh.invalid/', { onlyResolved: false });
    expect(o.summary.portalReason).toBe('dns');
    expect(o.pages[0]?.fetch.reason).toBe('dns');
    bounded(o);
  });

  it('a host missing from the resolve list (onlyResolved): not_checked, not a DNS verdict', async () => {
    const o = await crawl(`http://tidak-terdaftar.fault.test:${f.port}/`);
    expect(o.summary.portalReason).toBe('not_checked');
    bounded(o);
  });

  it('connection refused', async () => {
    const o = await crawl(`http://refused.fault.test:${f.refusedPort}/`);
    expect(o.summary.portalReason).toBe('connection_refused');
    expect(o.summary.portalStatus).toBe(0);
    bounded(o);
  });

  it('connection reset in the middle of the body: retried, then connection_reset', async () => {
    const o = await crawl(`${f.origin}/reset-mid-body`);
    expect(o.summary.portalReason).toBe('connection_reset');
    expect(f.count('/reset-mid-body')).toBe(3);
    expect(o.pages[0]!.fetch.attempts.map((a) => a.reason)).toEqual(['connection_reset', 'connection_reset', 'connection_reset']);
    bounded(o);
  });

  it('slow headers: timeout', async () => {
    const o = await crawl(`${f.origin}/slow-headers`, { timeoutMs: 800, retries: 3 });
    expect(o.summary.portalReason).toBe('timeout');
    // A server that takes the connection and sends nothing is slow, not flaky: one more try at most
    // (when the deadline may have fired while connecting), never the full retries × timeout.
    expect(f.count('/slow-headers')).toBeGreaterThanOrEqual(1);
    expect(f.count('/slow-headers')).toBeLessThanOrEqual(2);
    expect(o.ms).toBeLessThan(3 * 800);
    bounded(o);
  });

  it('a body that never ends: timeout at the deadline, memory bounded', async () => {
    const o = await crawl(`${f.origin}/endless-body`, { timeoutMs: 1000, retries: 1 });
    expect(o.summary.portalReason).toBe('timeout');
    expect(o.ms).toBeLessThan(5000);
    bounded(o);
  });

  it('a 50 MB page: cut at the size cap, still gathered, memory bounded', async () => {
    const o = await crawl(`${f.origin}/huge`, { maxBytes: 5 * 1024 * 1024 });
    const page = o.pages[0]!;
    expect(page.fetch.reason).toBe('ok');
    expect(page.fetch.truncated).toBe(true);
    expect(page.fetch.bytes).toBe(5 * 1024 * 1024);
    expect(page.data?.meta.title).toBe('Halaman Raksasa');
    bounded(o);
  });

  it('a gzip bomb: capped by decompressed size, memory bounded', async () => {
    const o = await crawl(`${f.origin}/gzip-bomb`, { maxBytes: 5 * 1024 * 1024 });
    const page = o.pages[0]!;
    expect(page.fetch.reason).toBe('ok');
    expect(page.fetch.truncated).toBe(true);
    expect(page.fetch.bytes).toBe(5 * 1024 * 1024);
    expect(page.data?.meta.title).toBe('Bom');
    bounded(o);
  });

  it('redirect loop: redirect_loop, not retried', async () => {
    const o = await crawl(`${f.origin}/loop-a`);
    expect(o.summary.portalReason).toBe('redirect_loop');
    expect(f.count('/loop-a')).toBe(1);
    expect(f.count('/loop-b')).toBe(1);
    bounded(o);
  });

  it('a 20-hop redirect chain: too_many_redirects (a chain, not a loop) after maxRedirects; a short chain is followed', async () => {
    const long = await crawl(`${f.origin}/chain/20`, { maxRedirects: 10 });
    expect(long.summary.portalReason).toBe('too_many_redirects');
    expect(f.count('/chain/0')).toBe(0);
    bounded(long);
    const short = await crawl(`${f.origin}/chain/3`, { maxRedirects: 10 });
    expect(short.summary.portalReason).toBe('ok');
    expect(short.pages[0]!.fetch.finalUrl).toBe(`${f.origin}/chain/0`);
    expect(short.pages[0]!.fetch.redirects).toHaveLength(3);
  });

  it('429 with Retry-After: waits as asked, then fetches the page', async () => {
    const o = await crawl(`${f.origin}/rate-limited`);
    const page = o.pages[0]!;
    expect(page.fetch.reason).toBe('ok');
    expect(page.fetch.attempts.map((a) => a.reason)).toEqual(['http_429']);
    expect(page.fetch.elapsedMs).toBeGreaterThanOrEqual(900);
    expect(f.count('/rate-limited')).toBe(2);
    bounded(o);
  });

  it('429 that never ends: http_429, counted as blocked (not broken) when linked', async () => {
    const o = await crawl(`${f.origin}/always-429`, { retries: 2 });
    expect(o.summary.portalReason).toBe('http_429');
    expect(f.count('/always-429')).toBe(2);
    bounded(o);
  });

  it('a 503 storm: retried, then gives up with http_503', async () => {
    const o = await crawl(`${f.origin}/storm-503`);
    expect(o.summary.portalReason).toBe('http_503');
    expect(f.count('/storm-503')).toBe(3);
    expect(o.pages[0]!.fetch.attempts).toHaveLength(3);
    bounded(o);
  });

  it('malformed HTML: still gathered', async () => {
    const o = await crawl(`${f.origin}/malformed`, { maxDepth: 0 });
    const facts = o.pages[0]!.data!;
    expect(facts.meta.title).toContain('Berita');
    const hrefs = facts.links.map((l) => l.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([`${f.origin}/profil`, `${f.origin}/layanan`, `${f.origin}/pengumuman?id=1&x=2`, `${f.origin}/berita/1`]),
    );
    expect(facts.text).toContain('Dinas Kesehatan membuka vaksinasi');
    expect(facts.newestDate).toBe('2024-02-12');
    bounded(o);
  });

  it('windows-1252 bytes declared as UTF-8: decoded as windows-1252, no U+FFFD', async () => {
    const o = await crawl(`${f.origin}/cp1252-declared-utf8`);
    expect(o.pages[0]!.data!.meta.title).toBe('Ulasan \u2013 Caf\u00e9 \u201cPak Amat\u201d');
    bounded(o);
  });

  it('windows-1252 bytes with no charset anywhere: decoded as windows-1252', async () => {
    const o = await crawl(`${f.origin}/cp1252-no-charset`);
    const facts = o.pages[0]!.data!;
    expect(facts.meta.title).toBe('Kuliner Caf\u00e9');
    expect(facts.text).toContain('Men\u00fa khas \u2013 enak');
    bounded(o);
  });

  it('an endless calendar: the trap guard stops it', async () => {
    const o = await crawl(`${f.origin}/kalender-portal`, { maxDepth: 1000, maxPages: 1000 });
    const agenda = [...f.hits.keys()].filter((p) => p.startsWith('/agenda'));
    expect(agenda.length).toBeGreaterThan(1);
    expect(agenda.length).toBeLessThanOrEqual(12);
    expect(o.summary.trapped).toBeGreaterThan(0);
    bounded(o);
  });

  it('robots.txt disallowing everything: nothing but robots.txt is fetched', async () => {
    const before = f.log.length;
    const o = await crawl(`http://norobots.fault.test:${f.port}/`);
    expect(o.summary.portalReason).toBe('robots_disallowed');
    expect(f.log.slice(before)).toEqual(['GET /robots.txt']);
    expect(o.pages).toHaveLength(0);
    bounded(o);
  });

  it('TLS: a self-signed certificate', async () => {
    const o = await crawl(f.tls.selfsigned.url);
    expect(o.summary.portalReason).toBe('tls');
    expect(o.pages[0]!.fetch.detail).toMatch(/SELF_SIGNED|self[- ]signed/i);
    bounded(o);
  });

  it('TLS: an expired certificate', async () => {
    const o = await crawl(f.tls.expired.url);
    expect(o.summary.portalReason).toBe('tls');
    bounded(o);
  });
});
