import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPool, type HttpPool } from '../../src/crawl/politeness.ts';
import { discoverSitemaps, parseSitemap, sitemapText } from '../../src/crawl/sitemap.ts';
import { startServer, testOptions, type TestServer } from './helpers.ts';

const URLSET = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://kota.go.id/berita/1
    </loc>
    <lastmod>2024-05-01</lastmod>
    <image:image><image:loc>https://kota.go.id/gambar.jpg</image:loc></image:image>
  </url>
  <url><loc><![CDATA[https://kota.go.id/cari?a=1&b=2]]></loc></url>
  <url><loc>https://kota.go.id/x?a=1&amp;b=2</loc></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>`;

const INDEX = `<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://kota.go.id/post-sitemap.xml</loc></sitemap>
  <sitemap>
    <loc>https://kota.go.id/page-sitemap.xml.gz</loc><lastmod>2024-01-01</lastmod>
  </sitemap>
</sitemapindex>`;

describe('parseSitemap', () => {
  it('reads a urlset, with CDATA, entities and whitespace, ignoring image locs', () => {
    expect(parseSitemap(URLSET)).toEqual({
      urls: ['https://kota.go.id/berita/1', 'https://kota.go.id/cari?a=1&b=2', 'https://kota.go.id/x?a=1&b=2'],
      sitemaps: [],
    });
  });
  it('reads a sitemap index', () => {
    expect(parseSitemap(INDEX)).toEqual({
      urls: [],
      sitemaps: ['https://kota.go.id/post-sitemap.xml', 'https://kota.go.id/page-sitemap.xml.gz'],
    });
  });
  it('reads a plain-text sitemap and survives garbage', () => {
    expect(parseSitemap('https://kota.go.id/a\nhttps://kota.go.id/b\r\nnot a url\n').urls).toEqual([
      'https://kota.go.id/a',
      'https://kota.go.id/b',
    ]);
    expect(parseSitemap('<html><body>Error 500</body></html>')).toEqual({ urls: [], sitemaps: [] });
  });
  it('gunzips .xml.gz bodies', () => {
    const text = sitemapText(zlib.gzipSync(URLSET));
    expect(parseSitemap(text!).urls).toHaveLength(3);
    expect(sitemapText(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toBeUndefined();
  });
});

describe('discoverSitemaps', () => {
  let server: TestServer;
  let pool: HttpPool;
  beforeAll(async () => {
    server = await startServer((req, res) => {
      const o = server.origin;
      const xml = (body: string | Buffer, type = 'application/xml') => {
        res.writeHead(200, { 'content-type': type });
        res.end(body);
      };
      switch (req.url) {
        case '/sitemap.xml':
          return xml(`<sitemapindex><sitemap><loc>${o}/a.xml</loc></sitemap><sitemap><loc>${o}/b.xml.gz</loc></sitemap></sitemapindex>`);
        case '/a.xml':
          return xml(`<urlset><url><loc>${o}/satu</loc></url><url><loc>https://lain.example/luar</loc></url></urlset>`);
        case '/b.xml.gz':
          return xml(zlib.gzipSync(`<urlset><url><loc>${o}/dua</loc></url><url><loc>${o}/satu</loc></url></urlset>`), 'application/gzip');
        case '/robots-listed.xml':
          return xml(`<sitemapindex><sitemap><loc>${o}/level1.xml</loc></sitemap></sitemapindex>`);
        case '/level1.xml':
          return xml(`<sitemapindex><sitemap><loc>${o}/level2.xml</loc></sitemap></sitemapindex>`);
        case '/level2.xml':
          return xml(`<sitemapindex><sitemap><loc>${o}/level3.xml</loc></sitemap></sitemapindex>`);
        case '/level3.xml':
          return xml(`<urlset><url><loc>${o}/terlalu-dalam</loc></url></urlset>`);
        case '/many.xml':
          return xml(`<urlset>${Array.from({ length: 30 }, (_, i) => `<url><loc>${o}/p/${i}</loc></url>`).join('')}</urlset>`);
        default:
          res.writeHead(404);
          res.end();
      }
    });
    pool = createHttpPool(testOptions({ retries: 1 }));
  });
  afterAll(async () => {
    await pool.close();
    await server.close();
  });

  it('follows an index to plain and gzipped files, keeping in-scope URLs once', async () => {
    const origin = server.origin;
    const found = await discoverSitemaps({ pool, origin, robotsSitemaps: [], accept: (u) => u.origin === origin });
    expect(found.urls).toEqual([`${origin}/satu`, `${origin}/dua`]);
    expect(found.files).toEqual([`${origin}/sitemap.xml`, `${origin}/a.xml`, `${origin}/b.xml.gz`]);
  });

  it('stops following indexes at depth 2 and respects the URL cap', async () => {
    const origin = server.origin;
    const deep = await discoverSitemaps({
      pool, origin, robotsSitemaps: [`${origin}/robots-listed.xml`], accept: (u) => u.origin === origin,
    });
    expect(deep.files).toContain(`${origin}/level2.xml`);
    expect(deep.files).not.toContain(`${origin}/level3.xml`);
    expect(deep.urls).not.toContain(`${origin}/terlalu-dalam`);

    const capped = await discoverSitemaps({
      pool, origin, robotsSitemaps: [`${origin}/many.xml`], accept: () => true, maxUrls: 10,
    });
    expect(capped.urls).toHaveLength(10);
  });
});
