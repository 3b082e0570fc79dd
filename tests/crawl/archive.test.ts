// Coverage: a real archive (thousands of articles, ?page= listings, a monthly archive over a
// dozen years) is crawled whole with the default trap settings, while the traps on the same site
// (a gallery paged past its end, download links with a random token, session ids on every link,
// a path that repeats itself) are cut short and written as skipped / trap. And the crawl does not
// depend on the order its answers arrive in: two crawls with random latency fetch the same pages
// in the same order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { crawlSite, type LinkProblem, type PageVisit } from '../../src/crawl/crawler.ts';
import { DEFAULT_CRAWL_OPTIONS } from '../../src/crawl/options.ts';
import type { CrawlOptions, DiscoveredLink } from '../../src/crawl/types.ts';
import { html, startServer, testOptions, type TestServer } from './helpers.ts';

const WORDS = ['jalan', 'pasar', 'sekolah', 'banjir', 'taman', 'anggaran', 'vaksinasi', 'bantuan', 'perizinan', 'pariwisata', 'sampah', 'koperasi', 'pelatihan', 'budaya'];

interface Archive {
  articles: number;
  perPage: number;
  years: number[];
}

function words(seed: number, n: number): string {
  let a = seed >>> 0;
  return Array.from({ length: n }, () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return WORDS[a % WORDS.length];
  }).join(' ');
}

const doc = (title: string, body: string, links: string[]) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p>${links.map((l) => `<a href="${l}">x</a>`).join(' ')}</body></html>`;

/** Serves the archive; `jitterMs` > 0 delays every answer by a random time up to it. */
function archiveSite(a: Archive, jitterMs = 0): Promise<TestServer> {
  const listings = Math.ceil(a.articles / a.perPage);
  const months = a.years.flatMap((y) => Array.from({ length: 12 }, (_, m) => `/berita/arsip/${y}/${String(m + 1).padStart(2, '0')}/`));
  const sid = () => `PHPSESSID=${randomBytes(8).toString('hex')}`;
  // A random-looking token, different on every page that links it, the same on every crawl.
  const ref = (from: string) => createHash('sha1').update(from).digest('hex').slice(0, 24);
  return startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (jitterMs > 0) await new Promise((r) => setTimeout(r, Math.random() * jitterMs));
    if (p === '/robots.txt' || p === '/sitemap.xml') return html(res, '', 404);
    if (p === '/') {
      const pager = Array.from({ length: listings }, (_, k) => `/berita?page=${k + 1}&${sid()}`);
      return html(res, doc('Portal Kota Arsip', 'Selamat datang.', [...pager, '/berita/arsip/', '/galeri?page=1', '/menu/', `/profil?${sid()}`]));
    }
    if (p === '/profil') return html(res, doc('Profil', 'Sejarah kota.', ['/', `/unduh?ref=${ref(p)}`]));
    if (p === '/berita' && url.searchParams.has('page')) {
      const k = Number(url.searchParams.get('page'));
      if (!(k >= 1 && k <= listings)) return html(res, doc('Tidak ada', '404', []), 404);
      const items = Array.from({ length: a.perPage }, (_, i) => (k - 1) * a.perPage + i + 1).filter((n) => n <= a.articles);
      // Every article page links a download with a token of its own: one family, one content.
      return html(res, doc(`Berita halaman ${k}`, `Daftar ${k}`, [...items.map((n) => `/berita/${n}?${sid()}`), `/unduh?ref=${ref(p + k)}`]));
    }
    if (p === '/berita/arsip/') return html(res, doc('Arsip bulanan', 'Arsip', months));
    const month = /^\/berita\/arsip\/(\d{4})\/(\d\d)\/$/.exec(p);
    if (month && months.includes(p)) {
      const i = months.indexOf(p);
      const items = Array.from({ length: 3 }, (_, j) => 1 + ((i * 3 + j) % a.articles));
      return html(res, doc(`Arsip ${month[2]}/${month[1]}`, words(i, 12), items.map((n) => `/berita/${n}`)));
    }
    const art = /^\/berita\/(\d+)$/.exec(p);
    if (art && Number(art[1]) >= 1 && Number(art[1]) <= a.articles) {
      const n = Number(art[1]);
      return html(res, doc(`Berita ${n}: ${words(n, 3)}`, words(n * 7, 40), ['/', `/berita/${1 + (n % a.articles)}?${sid()}`]));
    }
    if (p === '/unduh') return html(res, doc('Unduhan', 'Berkas tidak tersedia.', ['/']));
    if (p === '/galeri') {
      // Three pages of photos, then the same empty page for every ?page= after them, each with a
      // pager to the next fifteen.
      const k = Number(url.searchParams.get('page'));
      const pager = Array.from({ length: 15 }, (_, i) => `/galeri?page=${k + 1 + i}`);
      if (k <= 3) return html(res, doc(`Galeri ${k}`, words(1000 + k, 20), pager));
      return html(res, doc('Galeri', 'Belum ada foto.', pager));
    }
    if (p.startsWith('/menu/')) return html(res, doc('Menu', `Menu ${p.length}`, ['lagi/']));
    return html(res, doc('Tidak ditemukan', '404', []), 404);
  });
}

function analyse(page: { finalUrl: string; html: string }): { links: DiscoveredLink[]; data: string } {
  return { links: [...page.html.matchAll(/href="([^"]+)"/g)].map((m) => ({ href: new URL(m[1]!, page.finalUrl).href })), data: '' };
}

async function crawl(site: TestServer, opts: Partial<CrawlOptions>) {
  const visits: PageVisit<string>[] = [];
  const problems: LinkProblem[] = [];
  const summary = await crawlSite<string>({
    portal: `${site.origin}/`,
    // The default trap settings: only the page budget is raised, as `--max-pages 6000` would.
    options: testOptions({ maxPerPattern: DEFAULT_CRAWL_OPTIONS.maxPerPattern, trapLimit: DEFAULT_CRAWL_OPTIONS.trapLimit, ...opts }),
    analyse,
    onPage: (v) => void visits.push(v),
    onLink: (p) => void problems.push(p),
  });
  return { visits, problems, summary };
}

const pathOf = (u: string) => {
  const x = new URL(u);
  return x.pathname + x.search;
};

describe('a real archive beside traps, default trap settings', () => {
  const archive: Archive = { articles: 1500, perPage: 30, years: Array.from({ length: 12 }, (_, i) => 2015 + i) };
  let site: TestServer;
  let run: Awaited<ReturnType<typeof crawl>>;
  beforeAll(async () => {
    site = await archiveSite(archive);
    run = await crawl(site, { maxPages: 6000, concurrency: 16, perHost: 16 });
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  it('fetches every article, every listing page and every month of the archive', () => {
    const got = new Set(run.visits.map((v) => pathOf(v.url)));
    const missing: string[] = [];
    for (let n = 1; n <= archive.articles; n++) if (!got.has(`/berita/${n}`)) missing.push(`/berita/${n}`);
    for (let k = 1; k <= archive.articles / archive.perPage; k++) if (!got.has(`/berita?page=${k}`)) missing.push(`/berita?page=${k}`);
    for (const y of archive.years) for (let m = 1; m <= 12; m++) {
      const p = `/berita/arsip/${y}/${String(m).padStart(2, '0')}/`;
      if (!got.has(p)) missing.push(p);
    }
    expect(missing).toEqual([]);
    expect(run.summary.stoppedBy).toBeUndefined();
  });

  it('drops session ids from URLs, so that each page is fetched once', () => {
    expect(run.visits.filter((v) => /PHPSESSID/i.test(v.url))).toEqual([]);
    const urls = run.visits.map((v) => v.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(site.paths().filter((p) => p.startsWith('/berita/7?') || p === '/berita/7')).toHaveLength(1);
  });

  it('closes the families whose pages repeat themselves, and says so in the links', () => {
    const limit = DEFAULT_CRAWL_OPTIONS.trapLimit;
    const emptyGallery = site.paths().filter((p) => /^\/galeri\?page=(\d+)$/.exec(p) && Number(p.split('=')[1]) > 3);
    // The guard needs its evidence (limit repeats) and then admits nothing more of the family; the
    // pages admitted before the evidence was in (one pager's worth) are fetched. Without it the
    // gallery would run to the depth limit: 15 more pages per level.
    expect(emptyGallery.length).toBeGreaterThanOrEqual(limit);
    expect(emptyGallery.length).toBeLessThanOrEqual(limit + 2 * 15);
    expect(Math.max(...emptyGallery.map((p) => Number(p.split('=')[1])))).toBeLessThan(50);
    const downloads = site.paths().filter((p) => p.startsWith('/unduh'));
    // Fifty listing pages each link a download under a token of its own. A family named by tokens
    // is taken `limit` pages at a time, so its repeats close it after at most twice that, however
    // many pages link it.
    expect(downloads.length).toBeGreaterThanOrEqual(limit);
    expect(downloads.length).toBeLessThanOrEqual(2 * limit);
    // /menu/, /menu/lagi/, /menu/lagi/lagi/; a third 'lagi' is a path repeating itself.
    expect(site.paths().filter((p) => p.startsWith('/menu/')).sort()).toEqual(['/menu/', '/menu/lagi/', '/menu/lagi/lagi/']);
    expect(run.summary.trappedBy.repeating_segment).toBe(1);
    const trapRows = run.problems.filter((p) => p.status === 'skipped' && p.reason === 'trap');
    expect(trapRows.some((p) => pathOf(p.targetUrl).startsWith('/galeri?page='))).toBe(true);
    expect(trapRows.some((p) => pathOf(p.targetUrl).startsWith('/unduh?ref='))).toBe(true);
    expect(run.summary.trappedBy.duplicate_content).toBeGreaterThan(0);
    expect(run.summary.trapped).toBe(Object.values(run.summary.trappedBy).reduce((a, b) => a + b, 0));
  });
});

describe('the order answers arrive in', () => {
  it('does not change which pages are fetched, at which depth, in which order', async () => {
    const archive: Archive = { articles: 240, perPage: 20, years: [2024, 2025] };
    const site = await archiveSite(archive, 8);
    try {
      // A budget that cuts the crawl mid-level, and trap families that close mid-crawl: both
      // depend on the order of decisions, which must be the crawl's own.
      const opts = { maxPages: 200, concurrency: 8, perHost: 8 };
      const a = await crawl(site, opts);
      const b = await crawl(site, opts);
      const shape = (r: typeof a) => r.visits.map((v) => `${v.order} ${v.depth} ${pathOf(v.url)}`).sort((x, y) => Number(x.split(' ')[0]) - Number(y.split(' ')[0]));
      expect(a.visits.filter((v) => v.kind === 'page')).toHaveLength(200);
      expect(shape(b)).toEqual(shape(a));
      const links = (r: typeof a) => r.problems.map((p) => `${pathOf(p.sourceUrl)} ${pathOf(p.targetUrl)} ${p.status} ${p.reason}`).sort();
      expect(links(b)).toEqual(links(a));
      expect(b.summary.trappedBy).toEqual(a.summary.trappedBy);
    } finally {
      await site.close();
    }
  }, 60_000);
});
