import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPool, type HttpPool } from '../../src/crawl/politeness.ts';
import { createRobotsCache, parseRobots } from '../../src/crawl/robots.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

const ROBOTS = `# contoh
User-agent: *
Disallow: /admin/
Crawl-delay: 1

User-agent: egovscan
Disallow: /private
Allow: /private/open
Crawl-delay: 2

Sitemap: https://kota.go.id/sitemap_index.xml
Sitemap: https://kota.go.id/berita-sitemap.xml
`;

describe('parseRobots', () => {
  const r = parseRobots('https://kota.go.id', ROBOTS);
  it('applies the egovscan group rather than *', () => {
    expect(r.isAllowed('https://kota.go.id/private/data')).toBe(false);
    expect(r.isAllowed('https://kota.go.id/private/open/x')).toBe(true);
    // Our own group replaces the * group, so /admin/ is not disallowed for us.
    expect(r.isAllowed('https://kota.go.id/admin/')).toBe(true);
    expect(r.isAllowed('https://kota.go.id/')).toBe(true);
    expect(r.crawlDelay).toBe(2);
  });
  it('lists Sitemap lines', () => {
    expect(r.sitemaps).toEqual(['https://kota.go.id/sitemap_index.xml', 'https://kota.go.id/berita-sitemap.xml']);
  });
  it('falls back to the * group', () => {
    const star = parseRobots('https://kota.go.id', 'User-agent: *\nDisallow: /cari\n');
    expect(star.isAllowed('https://kota.go.id/cari?q=x')).toBe(false);
    expect(star.isAllowed('https://kota.go.id/berita')).toBe(true);
    expect(star.crawlDelay).toBeUndefined();
  });
  it('does not refuse URLs of another origin', () => {
    const star = parseRobots('https://kota.go.id', 'User-agent: *\nDisallow: /\n');
    expect(star.isAllowed('https://lain.go.id/')).toBe(true);
    expect(star.isAllowed('https://kota.go.id/x')).toBe(false);
  });
});

describe('robots cache over HTTP', () => {
  let site: TestServer;
  let missing: TestServer;
  let broken: TestServer;
  let pool: HttpPool;
  beforeAll(async () => {
    site = await startServer((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('User-agent: *\nDisallow: /rahasia\nCrawl-delay: 3\nSitemap: /peta.xml\n');
      } else res.end('x');
    });
    missing = await startServer((_req, res) => {
      res.writeHead(404);
      res.end('not found');
    });
    broken = await startServer((_req, res) => {
      res.writeHead(503);
      res.end('down');
    });
    pool = createHttpPool(testOptions({ retries: 1 }));
  });
  afterAll(async () => {
    await pool.close();
    await Promise.all([site.close(), missing.close(), broken.close()]);
  });

  it('fetches robots.txt once per origin and applies it', async () => {
    const robots = createRobotsCache(pool);
    const [a, b] = await Promise.all([
      robots.isAllowed(`${site.origin}/rahasia/x`),
      robots.isAllowed(`${site.origin}/berita`),
    ]);
    expect(a).toBe(false);
    expect(b).toBe(true);
    expect(await robots.isAllowed(new URL(`${site.origin}/rahasia`))).toBe(false);
    expect(site.paths().filter((p) => p === '/robots.txt')).toHaveLength(1);
    const info = await robots.forUrl(site.origin + '/');
    expect(info.status).toBe(200);
    expect(info.crawlDelay).toBe(3);
  });

  it('raises the origin delay to the Crawl-delay', async () => {
    expect(pool.originDelay(site.origin)).toBe(3000);
  });

  it('allows everything when robots.txt is missing (4xx)', async () => {
    const robots = createRobotsCache(pool);
    const info = await robots.forUrl(`${missing.origin}/`);
    expect(info.status).toBe(404);
    expect(info.isAllowed(`${missing.origin}/anything`)).toBe(true);
  });

  it('allows everything but records the status when robots.txt fails (5xx)', async () => {
    const robots = createRobotsCache(pool);
    const info = await robots.forUrl(`${broken.origin}/`);
    expect(info.status).toBe(503);
    expect(info.reason).toBe('http_503');
    expect(info.isAllowed(`${broken.origin}/x`)).toBe(true);
  });
});
