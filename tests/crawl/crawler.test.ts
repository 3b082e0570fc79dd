import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlSite, type CrawlSiteInput, type LinkProblem, type PageVisit } from '../../src/crawl/crawler.ts';
import { createHttpPool } from '../../src/crawl/politeness.ts';
import type { CrawlOptions, DiscoveredLink } from '../../src/crawl/types.ts';
import { html, page, startServer, testOptions, type TestServer } from './helpers.ts';

let ext: TestServer;

/** A small city portal. */
function citySite(robots = 'User-agent: *\nDisallow: /rahasia\nSitemap: /sitemap.xml\n'): Promise<TestServer> {
  return startServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    await new Promise((r) => setTimeout(r, 5));
    const links: Record<string, string[]> = {
      '/': [
        '/profil', '/layanan', '/berita', '/rahasia/data', '/hilang', '/lama', '/baru', '/dokumen/laporan.pdf',
        '/rusak.pdf', `${ext.origin}/ok`, `${ext.origin}/mati`, '/kalender?bulan=1&tahun=2025', '/profil#visi', 'mailto:a@b.id',
      ],
      '/profil': ['/', '/profil/sejarah', '/hilang', '/rahasia/data'],
      '/profil/sejarah': ['/profil/sejarah/lebih'],
      '/profil/sejarah/lebih': ['/profil/sejarah/lebih/dalam'],
      '/profil/sejarah/lebih/dalam': [],
      '/layanan': ['/error500', '/', '/go-rahasia'],
      '/berita': Array.from({ length: 30 }, (_, i) => `/berita/${i + 1}`),
      '/baru': ['/'],
      '/dari-sitemap': [],
    };
    if (p === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(robots);
    }
    if (p === '/sitemap.xml') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      return void res.end(`<urlset><url><loc>http://127.0.0.1:${req.socket.localPort}/dari-sitemap</loc></url></urlset>`);
    }
    if (p === '/lama') {
      res.writeHead(301, { location: '/baru' });
      return void res.end();
    }
    if (p === '/error500') return html(res, 'galat', 500);
    if (p === '/go-rahasia') {
      res.writeHead(302, { location: '/rahasia/lewat-redirect' });
      return void res.end();
    }
    if (p === '/dokumen/laporan.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '4321' });
      return void res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(4321));
    }
    if (p === '/kalender') {
      const m = Number(url.searchParams.get('bulan'));
      return html(res, page(`Kalender ${m}`, [`/kalender?bulan=${m + 1}&tahun=2025`]));
    }
    if (/^\/berita\/\d+$/.test(p)) return html(res, page(`Berita ${p}`, ['/berita']));
    const l = links[p];
    if (l) return html(res, page(`Halaman ${p}`, l));
    return html(res, '<h1>404</h1>', 404);
  });
}

/** What `gather` would do, minimally: hrefs resolved against the final URL. */
function analyse(pageResult: { finalUrl: string; html: string }): { links: DiscoveredLink[]; data: string } {
  const links = [...pageResult.html.matchAll(/href="([^"]+)"/g)].map((m) => {
    const href = new URL(m[1]!, pageResult.finalUrl).href;
    return href.endsWith('.pdf') ? { href, document: true } : { href };
  });
  const title = /<title>([^<]*)<\/title>/.exec(pageResult.html)?.[1] ?? '';
  return { links, data: title };
}

interface Run {
  visits: PageVisit<string>[];
  problems: LinkProblem[];
  summary: Awaited<ReturnType<typeof crawlSite>>;
}

async function crawl(site: TestServer, opts: Partial<CrawlOptions> = {}, extra: Partial<CrawlSiteInput<string>> = {}): Promise<Run> {
  const visits: PageVisit<string>[] = [];
  const problems: LinkProblem[] = [];
  const summary = await crawlSite<string>({
    portal: `${site.origin}/`,
    options: testOptions({ perHost: 2, concurrency: 8, maxPerPattern: 10, ...opts }),
    analyse,
    onPage: (v) => void visits.push(v),
    onLink: (p) => void problems.push(p),
    ...extra,
  });
  return { visits, problems, summary };
}

const path = (u: string) => {
  const x = new URL(u);
  return x.pathname + x.search;
};

beforeAll(async () => {
  ext = await startServer((req, res) => {
    if (req.url === '/ok') return html(res, 'ok');
    html(res, 'gone', 404);
  });
});
afterAll(async () => {
  await ext.close();
});

describe('crawlSite end to end', () => {
  let site: TestServer;
  let run: Run;
  beforeAll(async () => {
    site = await citySite();
    run = await crawl(site, { maxDepth: 3, maxPages: 100 });
  });
  afterAll(async () => {
    await site.close();
  });

  it('visits the pages of the site breadth first, with their depth', () => {
    const byPath = new Map(run.visits.map((v) => [path(v.url), v]));
    expect(byPath.get('/')).toMatchObject({ depth: 0, kind: 'page', data: 'Halaman /' });
    expect(byPath.get('/profil')).toMatchObject({ depth: 1, foundOn: `${site.origin}/` });
    expect(byPath.get('/profil/sejarah')?.depth).toBe(2);
    expect(byPath.get('/profil/sejarah/lebih')?.depth).toBe(3);
    expect(byPath.get('/dari-sitemap')).toMatchObject({ depth: 1, foundOn: undefined });
    expect(run.summary).toMatchObject({ portalStatus: 200, portalReason: 'ok', sitemapUrls: 1 });
    expect(run.summary.robots).toMatchObject({ status: 200, disallowed: false });
  });

  it('reports error pages to onPage too', () => {
    const byPath = new Map(run.visits.map((v) => [path(v.url), v]));
    expect(byPath.get('/hilang')?.fetch).toMatchObject({ status: 404, reason: 'http_404' });
    expect(byPath.get('/hilang')?.data).toBeUndefined();
    expect(byPath.get('/error500')?.fetch.reason).toBe('http_500');
    expect(run.summary.pagesFailed).toBe(2);
  });

  it('does not go past maxDepth', () => {
    expect(site.paths()).not.toContain('/profil/sejarah/lebih/dalam');
  });

  it('never requests what robots.txt disallows, and reports the link as blocked', () => {
    expect(site.paths().some((p) => p.startsWith('/rahasia'))).toBe(false);
    expect(run.problems).toContainEqual({
      sourceUrl: `${site.origin}/`,
      targetUrl: `${site.origin}/rahasia/data`,
      status: 'blocked',
      reason: 'robots_disallowed',
      httpStatus: 0,
    });
    // A second page linking to the same disallowed URL must not get it fetched either.
    expect(run.problems).toContainEqual({
      sourceUrl: `${site.origin}/profil`,
      targetUrl: `${site.origin}/rahasia/data`,
      status: 'blocked',
      reason: 'robots_disallowed',
      httpStatus: 0,
    });
  });

  it('applies robots.txt to redirect targets too', () => {
    expect(site.paths()).toContain('/go-rahasia');
    expect(run.problems).toContainEqual({
      sourceUrl: `${site.origin}/layanan`,
      targetUrl: `${site.origin}/go-rahasia`,
      status: 'blocked',
      reason: 'robots_disallowed',
      httpStatus: 0,
    });
  });

  it('reports each broken link with the page it is on, and nothing else as broken', () => {
    const broken = run.problems
      .filter((p) => p.status === 'broken')
      .map((p) => `${path(p.sourceUrl)} -> ${p.targetUrl.replace(site.origin, '').replace(ext.origin, 'EXT')} ${p.reason} ${p.httpStatus}`)
      .sort();
    expect(broken).toEqual([
      '/ -> /hilang http_404 404',
      '/ -> /rusak.pdf http_404 404',
      '/ -> EXT/mati http_404 404',
      '/layanan -> /error500 http_500 500',
      '/profil -> /hilang http_404 404',
    ]);
  });

  it('reports a redirected link with the first hop status, and records the target page once', () => {
    expect(run.problems).toContainEqual({
      sourceUrl: `${site.origin}/`,
      targetUrl: `${site.origin}/lama`,
      status: 'redirected',
      reason: 'ok',
      httpStatus: 301,
    });
    expect(run.visits.filter((v) => path(v.url) === '/baru')).toHaveLength(1);
    expect(run.visits.some((v) => path(v.url) === '/lama')).toBe(false);
  });

  it('records documents with HEAD, without downloading them', () => {
    const doc = run.visits.find((v) => path(v.url) === '/dokumen/laporan.pdf');
    expect(doc).toMatchObject({ kind: 'document', depth: 1 });
    expect(doc?.fetch).toMatchObject({ status: 200, bytes: 4321, contentType: 'application/pdf' });
    expect(site.requests.filter((r) => r.path === '/dokumen/laporan.pdf').map((r) => r.method)).toEqual(['HEAD']);
    expect(run.summary.documents).toBe(2);
  });

  it('checks each distinct target once', () => {
    expect(site.paths().filter((p) => p === '/hilang')).toHaveLength(1);
    expect(site.paths().filter((p) => p === '/')).toHaveLength(1);
    expect(ext.paths().filter((p) => p === '/ok')).toHaveLength(1);
    const fetched = site.requests.filter((r) => r.path !== '/robots.txt' && r.path !== '/sitemap.xml').map((r) => `${r.method} ${r.path}`);
    // /error500 is retried (retries: 3); /baru is also reached by following /lama's redirect.
    expect(fetched.filter((f, i) => fetched.indexOf(f) !== i).sort()).toEqual(['GET /baru', 'GET /error500', 'GET /error500']);
  });

  it('caps trap families', () => {
    const news = site.paths().filter((p) => /^\/berita\/\d+$/.test(p));
    expect(news.length).toBe(10);
    const calendar = site.paths().filter((p) => p.startsWith('/kalender'));
    expect(calendar.length).toBeGreaterThan(0);
    expect(calendar.length).toBeLessThanOrEqual(10);
    expect(run.summary.trapped).toBeGreaterThan(0);
  });

  it('never has more than perHost requests in flight on the site', () => {
    expect(site.maxInFlight).toBeLessThanOrEqual(2);
    expect(site.maxInFlight).toBeGreaterThanOrEqual(1);
  });
});

describe('crawlSite limits, resume and stopping', () => {
  let site: TestServer;
  beforeAll(async () => {
    site = await citySite();
  });
  afterAll(async () => {
    await site.close();
  });

  it('stops at maxPages (documents do not count)', async () => {
    const before = site.requests.length;
    const progress: number[] = [];
    const run = await crawl(site, { maxPages: 4, checkExternal: false }, { onProgress: (p) => progress.push(p.fetched) });
    expect(progress.length).toBe(run.visits.length);
    expect(progress.at(-1)).toBe(run.visits.length);
    const pages = run.visits.filter((v) => v.kind === 'page');
    expect(pages).toHaveLength(4);
    expect(run.summary.stoppedBy).toBe('max_pages');
    expect(run.summary.pagesFetched).toBe(4);
    expect(run.visits.some((v) => v.kind === 'document')).toBe(true);
    const got = site.requests.slice(before).filter((r) => r.method === 'GET' && r.path !== '/robots.txt' && r.path !== '/sitemap.xml');
    expect(got.length).toBeLessThanOrEqual(5); // 4 pages (+ one redirect hop)
  });

  it('resumes without refetching pages it already has', async () => {
    const before = site.requests.length;
    const o = site.origin;
    const home = analyse({ finalUrl: `${o}/`, html: page('', ['/profil', '/layanan', '/hilang']) }).links;
    const run = await crawl(site, { maxDepth: 1, checkExternal: false }, {
      resume: [
        { url: `${o}/`, depth: 0, links: home },
        { url: `${o}/profil`, depth: 1, links: [] },
      ],
    });
    const requested = site.requests.slice(before).map((r) => r.path);
    expect(requested).not.toContain('/');
    expect(requested).not.toContain('/profil');
    expect(requested).toContain('/layanan');
    expect(run.visits.filter((v) => !v.resumed).map((v) => path(v.url)).sort()).toEqual(['/dari-sitemap', '/hilang', '/layanan']);
    // The journalled pages are replayed where the crawl reaches them, marked as such.
    expect(run.visits.filter((v) => v.resumed).map((v) => path(v.url))).toEqual(['/', '/profil']);
    expect(run.summary.pagesResumed).toBe(2);
    expect(run.problems).toContainEqual(expect.objectContaining({ sourceUrl: `${o}/`, targetUrl: `${o}/hilang`, status: 'broken' }));
  });

  it('obeys the journalled robots.txt and sitemap answers on resume instead of asking again', async () => {
    const before = site.requests.length;
    const o = site.origin;
    const robotsSeen: string[] = [];
    const run = await crawl(site, { maxDepth: 1, checkExternal: false }, {
      resumeRobots: new Map([[o, { origin: o, status: 200, reason: 'ok' as const, text: 'User-agent: *\nDisallow: /layanan\n' }]]),
      resumeSitemap: { urls: [], files: [] },
      onRobots: (a) => void robotsSeen.push(a.origin),
    });
    const requested = site.requests.slice(before).map((r) => r.path);
    expect(requested).not.toContain('/robots.txt');
    expect(requested).not.toContain('/sitemap.xml');
    expect(requested).not.toContain('/layanan');
    expect(requested).not.toContain('/dari-sitemap');
    expect(requested).toContain('/profil');
    expect(robotsSeen).toEqual([]);
    expect(run.problems).toContainEqual(expect.objectContaining({ targetUrl: `${o}/layanan`, status: 'blocked', reason: 'robots_disallowed' }));
  });

  it('stops cleanly on its signal', async () => {
    const ac = new AbortController();
    const run = await crawl(site, {}, { signal: ac.signal, onPage: () => ac.abort() });
    expect(run.summary.stoppedBy).toBe('signal');
    expect(run.summary.pagesFetched).toBeLessThan(5);
  });

  it('shares a pool across crawls and leaves it open', async () => {
    const pool = createHttpPool(testOptions({ perHost: 1 }));
    try {
      const one = await crawl(site, { maxPages: 3 }, { pool });
      const two = await crawl(site, { maxPages: 3 }, { pool });
      expect(one.summary.pagesFetched).toBe(3);
      expect(two.summary.pagesFetched).toBe(3);
      expect((await pool.fetch(`${site.origin}/baru`, 'check')).reason).toBe('ok');
    } finally {
      await pool.close();
    }
  });
});

describe('crawlSite edge cases', () => {
  it('follows a portal that moved to another host (names mapped with resolve, nothing else reachable)', async () => {
    const site = await startServer((req, res) => {
      const host = (req.headers.host ?? '').split(':')[0];
      if (req.url === '/robots.txt') return html(res, 'nf', 404);
      if (host === 'kota.test') {
        res.writeHead(301, { location: `http://portal.kota.test:${req.socket.localPort}/` });
        return void res.end();
      }
      if (req.url === '/') return html(res, page('Portal', ['/layanan', 'http://luar.test/x']));
      if (req.url === '/layanan') return html(res, page('Layanan'));
      html(res, 'nf', 404);
    });
    try {
      const visits: PageVisit<string>[] = [];
      const problems: LinkProblem[] = [];
      const summary = await crawlSite<string>({
        portal: `http://kota.test:${site.port}/`,
        options: testOptions({
          allowPrivate: false,
          onlyResolved: true,
          resolve: { 'kota.test': '127.0.0.1', 'portal.kota.test': '127.0.0.1' },
        }),
        analyse,
        onPage: (v) => void visits.push(v),
        onLink: (p) => void problems.push(p),
      });
      expect(summary).toMatchObject({ portalStatus: 200, portalReason: 'ok' });
      expect(visits.map((v) => v.url)).toEqual([`http://portal.kota.test:${site.port}/`, `http://portal.kota.test:${site.port}/layanan`]);
      expect(problems).toContainEqual({
        sourceUrl: `http://portal.kota.test:${site.port}/`, targetUrl: 'http://luar.test/x', status: 'skipped', reason: 'not_checked', httpStatus: 0,
      });
    } finally {
      await site.close();
    }
  });

  it('does not fetch a portal whose robots.txt disallows everything', async () => {
    const site = await citySite('User-agent: *\nDisallow: /\n');
    try {
      const run = await crawl(site);
      expect(run.summary).toMatchObject({ portalReason: 'robots_disallowed', pagesFetched: 0 });
      expect(run.summary.robots.disallowed).toBe(true);
      expect(site.paths()).toEqual(['/robots.txt']);
      expect(run.visits).toEqual([]);
    } finally {
      await site.close();
    }
  });

  it('reports an unreachable portal', async () => {
    const run = await crawlSite({
      portal: 'http://127.0.0.1:1/',
      options: testOptions({ retries: 1 }),
      analyse,
      onPage: () => {},
    });
    expect(run).toMatchObject({ portalStatus: 0, portalReason: 'connection_refused', pagesFetched: 1, pagesFailed: 1 });
  });

  it('refuses a loopback portal without allowPrivate', async () => {
    const site = await citySite();
    try {
      const run = await crawl(site, { allowPrivate: false });
      expect(run.summary.portalReason).toBe('private_address');
      expect(site.requests).toHaveLength(0);
    } finally {
      await site.close();
    }
  });
});

describe('crawlSite depth', () => {
  it('gives a page its shortest depth even when a longer path is read first', async () => {
    // "/lambat" answers late; "/cepat" → "/x" → "/y" is read first and would put "/y" at depth 3 and
    // "/z" at 4, past maxDepth. Through "/lambat", "/y" is at depth 2 and "/z" at 3.
    const site = await startServer(async (req, res) => {
      const links: Record<string, string[]> = {
        '/': ['/lambat', '/cepat'],
        '/lambat': ['/y'],
        '/cepat': ['/x'],
        '/x': ['/y'],
        '/y': ['/z'],
        '/z': [],
      };
      if (req.url === '/robots.txt' || req.url === '/sitemap.xml') return html(res, 'nf', 404);
      if (req.url === '/lambat') await new Promise((r) => setTimeout(r, 400));
      const l = links[req.url ?? ''];
      return l ? html(res, page(`Halaman ${req.url}`, l)) : html(res, 'nf', 404);
    });
    try {
      const run = await crawl(site, { maxDepth: 3, perHost: 4 });
      const depth = Object.fromEntries(run.visits.map((v) => [path(v.url), v.depth]));
      expect(depth).toMatchObject({ '/': 0, '/lambat': 1, '/cepat': 1, '/x': 2, '/y': 2, '/z': 3 });
    } finally {
      await site.close();
    }
  });
});

describe('links to other sites, shared by cities', () => {
  it('are checked once per pool, however many portals link to them, and each portal hears the answer', async () => {
    const a = await citySite();
    const b = await citySite();
    const pool = createHttpPool(testOptions({ perHost: 2 }));
    try {
      const before = ext.requests.length;
      const [one, two] = await Promise.all([crawl(a, {}, { pool }), crawl(b, {}, { pool })]);
      const asked = ext.requests.slice(before).map((r) => r.path);
      // HEAD, then GET for the dead one (HEAD 404 falls back to GET): never twice for one URL.
      expect(asked.filter((p) => p === '/ok')).toHaveLength(1);
      expect(asked.filter((p) => p === '/mati')).toHaveLength(2);
      for (const run of [one, two]) {
        const dead = run.problems.filter((p) => p.targetUrl === `${ext.origin}/mati`);
        expect(dead.map((p) => [p.status, p.reason])).toEqual([['broken', 'http_404']]);
      }
    } finally {
      await pool.close();
      await a.close();
      await b.close();
    }
  });
});

describe('session ids and tokens in every link', () => {
  const PAGES = 25;
  /** A site of PAGES pages whose every link carries a fresh id, spelt by `mark`. */
  function sessionSite(mark: (path: string) => string): Promise<TestServer> {
    return startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const p = url.pathname.replace(/;jsessionid=[^/]*/i, '').replace(/^\/\(S\([a-z0-9]+\)\)/i, '');
      if (p === '/robots.txt' || p === '/sitemap.xml') return html(res, '', 404);
      const i = p === '/' ? 0 : Number(/^\/hal\/(\d+)$/.exec(p)?.[1] ?? -1);
      if (!(i >= 0 && i < PAGES)) return html(res, page('Tidak ada'), 404);
      const links = [0, 1, 2, 3].map((d) => (i * 4 + d + 1) % PAGES).map((j) => mark(j === 0 ? '/' : `/hal/${j}`));
      // The ids are in the hrefs only: what the page says is the same on every visit.
      const anchors = [...links, mark('/hal/1')].map((l, k) => `<a href="${l}">Tautan ${k}</a>`).join(' ');
      return html(res, `<!doctype html><html><head><title>Halaman ${i}</title></head><body>${anchors}</body></html>`);
    });
  }
  const fresh = () => Math.random().toString(16).slice(2, 14) + Math.random().toString(16).slice(2, 14);

  it.each([
    ['?sid=', (p: string) => `${p}?sid=${fresh()}`],
    ['?PHPSESSID=', (p: string) => `${p}?PHPSESSID=${fresh()}`],
    [';jsessionid=', (p: string) => `${p};jsessionid=${fresh().toUpperCase()}`],
    ['/(S(…))/', (p: string) => `/(S(${fresh()}))${p}`],
    ['?token=', (p: string) => `${p}?token=${fresh()}`],
  ])('fetches each page once when every link has a fresh %s', async (_name, mark) => {
    const site = await sessionSite(mark);
    try {
      const run = await crawl(site, { maxPages: 300, maxDepth: 10, maxPerPattern: 0 });
      const pages = run.visits.filter((v) => v.kind === 'page' && v.fetch.status === 200);
      expect(pages.length).toBe(PAGES);
      expect(new Set(pages.map((v) => new URL(v.url).pathname.replace(/^\/\(S\([^)]*\)\)/, ''))).size).toBe(PAGES);
    } finally {
      await site.close();
    }
  });

  it('bounds a family named by a random value under any key, and writes what it skipped as skipped / trap', async () => {
    const site = await sessionSite((p) => `${p}?v=${fresh()}`);
    try {
      const run = await crawl(site, { maxPages: 300, maxDepth: 10, maxPerPattern: 0, trapLimit: 5 });
      const fetched = run.visits.filter((v) => v.kind === 'page').length;
      // Without the guard: 300 of 300 (each link a new URL). With it: a few per page before the
      // repeats show, then nothing more of the family.
      expect(fetched).toBeLessThan(60);
      expect(run.summary.stoppedBy).toBeUndefined();
      expect(run.problems.some((p) => p.status === 'skipped' && p.reason === 'trap')).toBe(true);
      expect(run.summary.trappedBy.duplicate_content).toBeGreaterThan(0);
    } finally {
      await site.close();
    }
  });
});
