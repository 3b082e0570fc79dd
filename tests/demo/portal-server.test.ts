import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cheerio from 'cheerio';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { demoGroundTruth, fromServed, parseRobots, robotsAllows, type CityTruth } from '../../src/demo/ground-truth.ts';
import { makeRewriter, normaliseHost } from '../../src/demo/site.ts';

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

// Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as Latin-1 control characters, so the
// test spells out the part of the table the page uses.
const CP1252_HIGH: Record<number, string> = { 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x96: '–', 0x97: '—' };
function decodeCp1252(bytes: Buffer): string {
  return [...bytes].map((b) => CP1252_HIGH[b] ?? String.fromCharCode(b)).join('');
}

let server: PortalServer;
let truths: CityTruth[];

/** Always 127.0.0.1: the virtual host travels in the Host header only. */
function get(host: string, path: string, method = 'GET'): Promise<Got> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers: { host: `${host}:${server.port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        ok({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

function getUrl(url: string, method = 'GET'): Promise<Got> {
  const u = new URL(url);
  return get(u.hostname, u.pathname + u.search, method);
}

beforeAll(async () => {
  server = await startPortalServer();
  // The ground truth walks static files; a client-rendered portal's pages exist only in the browser
  // (tests/render covers it).
  const serverRendered = new Set(server.cities.filter((c) => c.rendering === 'server').map((c) => c.id));
  truths = demoGroundTruth().filter((t) => serverRendered.has(t.id));
});
afterAll(async () => {
  await server?.close();
});

describe('portal server', () => {
  it('listens on loopback and refuses a non-loopback address', async () => {
    expect(server.port).toBeGreaterThan(0);
    await expect(startPortalServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves the home page of every city, with its name in the title', async () => {
    expect(server.cities.length).toBeGreaterThanOrEqual(9);
    for (const city of server.cities) {
      const res = await getUrl(city.portal);
      expect(res.status, city.id).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      const title = cheerio.load(res.text)('title').text();
      expect(title, city.id).toContain(city.name.replace(/^Kota /, ''));
    }
  });

  it('answers a missing page with an Indonesian 404 page', async () => {
    const res = await get('www.sukamajukota.go.id', '/tidak-ada-halaman-ini/');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Halaman tidak ditemukan');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('refuses an unknown host', async () => {
    const res = await get('www.contoh-tidak-dikenal.go.id', '/');
    expect(res.status).toBe(421);
    const bare = await get('127.0.0.1', '/');
    expect(bare.status).toBe(421);
  });

  it('never serves files outside a host folder or private route files', async () => {
    expect((await get('www.tanjungserunikota.go.id', '/../site.yaml')).status).toBe(404);
    expect((await get('www.tanjungserunikota.go.id', '/%2e%2e/site.yaml')).status).toBe(404);
    expect((await get('www.tanjungserunikota.go.id', '/_errors/db-error.html')).status).toBe(404);
    expect((await get('data.samudrajayakota.go.id', '/_api/package_show/lokasi-wifi-publik.json')).status).toBe(404);
  });

  it('maps /x to x.html or x/index.html and / to index.html', async () => {
    expect((await get('www.bukitrawakota.go.id', '/profil/sejarah')).status).toBe(200);
    expect((await get('lpse.sukamajukota.go.id', '/eproc4/lelang')).text).toContain('LPSE Kota Sukamaju');
    expect((await get('www.telukbatukota.go.id', '/p/profil.html')).status).toBe(200);
  });

  it('follows site.yaml redirects: 301 to a path, 302 to a subdomain, bare domain keeps the path', async () => {
    const moved = await get('www.bukitrawakota.go.id', '/sejarah.html');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('/profil/sejarah/');

    const sub = await get('www.bukitrawakota.go.id', '/kecamatan/bukit-rawa-timur');
    expect(sub.status).toBe(302);
    expect(sub.headers.location).toBe(`http://bukitrawatimur.bukitrawakota.go.id:${server.port}/`);

    const bare = await get('sukamajukota.go.id', '/berita/?halaman=2');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe(`http://www.sukamajukota.go.id:${server.port}/berita/?halaman=2`);

    const short = await get('www.tanjungserunikota.go.id', '/?p=1412');
    expect(short.status).toBe(301);
    expect(short.headers.location).toBe('/2026/11/18/wali-kota-serahkan-kia-di-sekolah-dasar/');
    expect((await get('www.tanjungserunikota.go.id', '/?p=9999')).status).toBe(200);
  });

  it('answers 500 where site.yaml says so', async () => {
    const res = await get('www.sukamajukota.go.id', '/statistik-pengunjung/');
    expect(res.status).toBe(500);
    expect(res.text).toContain('kesalahan');
    const wp = await get('www.tanjungserunikota.go.id', '/agenda/');
    expect(wp.status).toBe(500);
    expect(wp.text).toContain('basis data');
  });

  it('serves the windows-1252 page as bytes with the charset in Content-Type', async () => {
    const res = await get('www.telukbatukota.go.id', '/2021/02/ulasan-festival-kuliner-tepian-kapuas.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=windows-1252');
    expect(res.body.includes(Buffer.from('Caf\xe9', 'latin1'))).toBe(true);
    expect(res.body.includes(Buffer.from([0x96]))).toBe(true); // en dash
    expect(res.body.includes(Buffer.from([0x92]))).toBe(true); // right single quote
    const decoded = decodeCp1252(res.body);
    expect(decoded).toContain('Ulasan – Festival Kuliner');
    expect(decoded).toContain('Café Tepian');
    expect(decoded).toContain('’Pak Amat’');
    expect(res.text).not.toContain('Café'); // read as UTF-8 it is mojibake
    // The host rewrite leaves every non-ASCII byte alone.
    expect(decoded).toContain(`http://www.instagram.com:${server.port}/telukbatukota`);
  });

  it('serves robots.txt and sitemaps, including a sitemap index and a query-string child', async () => {
    const robots = await get('www.mandalasarikota.go.id', '/robots.txt');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    expect(robots.text).toContain('Disallow: /internal/');
    expect(robots.text).toContain(`Sitemap: http://www.mandalasarikota.go.id:${server.port}/sitemap_index.xml`);

    const index = await get('www.mandalasarikota.go.id', '/sitemap_index.xml');
    expect(index.headers['content-type']).toMatch(/xml/);
    const children = [...index.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(children).toHaveLength(2);
    for (const child of children) {
      const res = await getUrl(child);
      expect(res.status).toBe(200);
      expect(res.text).toContain('<urlset');
    }
    expect((await get('www.mandalasarikota.go.id', '/sitemap.xml')).status).toBe(301);

    const blogger = await get('www.telukbatukota.go.id', '/sitemap.xml?page=1');
    expect(blogger.text).toContain('<urlset');
    expect((await get('www.telukbatukota.go.id', '/sitemap.xml')).text).toContain('<sitemapindex');
  });

  it('supports HEAD with the same status and length but no body', async () => {
    const got = await get('www.mandalasarikota.go.id', '/');
    const head = await get('www.mandalasarikota.go.id', '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(got.body.length));
    expect((await get('www.mandalasarikota.go.id', '/tidak-ada', 'HEAD')).status).toBe(404);
  });

  it('rejects form submissions with 405', async () => {
    const res = await get('www.mandalasarikota.go.id', '/pengaduan/kirim', 'POST');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('rewrites links to served hosts with the port and leaves other hosts alone', async () => {
    const res = await get('www.mandalasarikota.go.id', '/kontak/');
    expect(res.text).toContain(`http://www.lapor.go.id:${server.port}/`);
    expect(res.text).toContain(`http://wa.me:${server.port}/6281322004455`);
    expect(res.text).not.toMatch(/http:\/\/www\.lapor\.go\.id\//);
    const teluk = await get('www.telukbatukota.go.id', '/');
    expect(teluk.text).toContain('http://twitter.com/telukbatukota'); // not served: left as written
    const rw = makeRewriter(['data.go.id', 'www.x.go.id'], 8080);
    expect(rw('http://data.go.id/a http://data.go.id.evil/ http://data.go.idx http://data.go.id:81/ "http://www.x.go.id"')).toBe(
      'http://data.go.id:8080/a http://data.go.id.evil/ http://data.go.idx http://data.go.id:81/ "http://www.x.go.id:8080"',
    );
    expect(normaliseHost('WWW.X.GO.ID.:8080')).toBe('www.x.go.id');
  });

  it('serves documents with their content types', async () => {
    const pdf = await get('ppid.mandalasarikota.go.id', '/dokumen/APBD-Kota-Mandalasari-2026.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const xlsx = await get('ppid.mandalasarikota.go.id', '/dokumen/Realisasi-APBD-Semester-I-2026.xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK');
    const docx = await get('www.mandalasarikota.go.id', '/unduhan/Formulir-Permohonan-KIA.docx');
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const csv = await get('data.samudrajayakota.go.id', '/dataset/harga-bahan-pokok-harian/resource/harga-bahan-pokok-harian.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\n')[0]).toBe('tanggal,komoditas,satuan,harga');
    const png = await get('www.bukitrawakota.go.id', '/assets/lambang-bukit-rawa.png');
    expect(png.headers['content-type']).toBe('image/png');
    const wp = await get('www.tanjungserunikota.go.id', '/wp-login.php');
    expect(wp.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers the CKAN-style API with JSON', async () => {
    const list = await get('data.samudrajayakota.go.id', '/api/3/action/package_list');
    expect(list.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(list.text) as { success: boolean; result: string[] };
    expect(body.success).toBe(true);
    expect(body.result).toContain('harga-bahan-pokok-harian');
    for (const id of body.result) {
      const show = JSON.parse((await get('data.samudrajayakota.go.id', `/api/3/action/package_show?id=${id}`)).text) as {
        result: { name: string; resources: Array<{ url: string }> };
      };
      expect(show.result.name).toBe(id);
      for (const r of show.result.resources) {
        expect(r.url).toContain(`:${server.port}/`);
        expect((await getUrl(r.url)).status).toBe(200);
      }
    }
    const missing = await get('data.samudrajayakota.go.id', '/api/3/action/package_show?id=tidak-ada');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).success).toBe(false);
    const oidc = await get('sso.samudrajayakota.go.id', '/.well-known/openid-configuration');
    expect(JSON.parse(oidc.text).issuer).toBe(`http://sso.samudrajayakota.go.id:${server.port}`);
  });

  it('logs every request', async () => {
    const before = server.requests.length;
    await get('www.bukitrawakota.go.id', '/kontak/?dari=tes', 'HEAD');
    expect(server.requests.slice(before)).toEqual([{ host: 'www.bukitrawakota.go.id', path: '/kontak/?dari=tes', method: 'HEAD' }]);
  });

  it('builds a targets list and a resolve map for the crawler', () => {
    const targets = server.targets();
    expect(targets.map((t) => t.id).sort()).toEqual(server.cities.map((c) => c.id).sort());
    for (const t of targets) {
      expect(t.id).toMatch(/^[a-z0-9-]+$/);
      expect(t.country).toBe('ID');
      expect(t.portal).toBe(`${server.origin(new URL(t.portal).hostname)}/`);
      expect(t.domains.every((d) => d.endsWith('.go.id'))).toBe(true);
      for (const app of t.applications) {
        expect(['G2C', 'G2B', 'G2G', 'G2E']).toContain(app.category);
        expect(Object.keys(app).sort()).toEqual(['category', 'name', 'url']);
        const host = new URL(app.url).hostname;
        expect(new URL(app.url).port === String(server.port)).toBe(host in server.resolve);
      }
    }
    expect(server.resolve['www.sukamajukota.go.id']).toBe('127.0.0.1');
    expect(server.resolve['www.lapor.go.id']).toBe('127.0.0.1');
    expect(server.resolve['simpeg.sukamajukota.go.id']).toBeUndefined();
    expect(server.url('http://www.lapor.go.id/')).toBe(`http://www.lapor.go.id:${server.port}/`);
    expect(server.url('http://sipandu.telukbatukota.go.id/')).toBe('http://sipandu.telukbatukota.go.id/');
  });
});

describe('ground truth', () => {
  it('covers the four phases over at least eight server-rendered cities', () => {
    expect(truths.length).toBeGreaterThanOrEqual(8);
    expect(new Set(truths.map((t) => t.phase))).toEqual(new Set(['presence', 'interaction', 'transaction', 'transformation']));
    expect(truths.filter((t) => t.phase === 'presence').length).toBeGreaterThanOrEqual(1);
  });

  it('gives every city at least eight reachable pages, all answering 200 HTML through the server', async () => {
    for (const t of truths) {
      expect(t.pages.length, t.id).toBeGreaterThanOrEqual(8);
      expect(t.linkedPages.length, t.id).toBeGreaterThanOrEqual(8);
      for (const page of t.pages) {
        const res = await getUrl(page);
        expect(res.status, page).toBe(200);
        expect(res.headers['content-type'], page).toMatch(/^text\/html/);
      }
      expect(Math.max(...Object.values(t.depth))).toBeLessThanOrEqual(5);
    }
  });

  it('has, in every city, a 404 link, a 500 link, a broken external link, a 301 and a 302 to a subdomain', () => {
    for (const t of truths) {
      expect(t.brokenInternal.some((b) => b.status === 404), t.id).toBe(true);
      expect(t.brokenInternal.some((b) => b.status === 500), t.id).toBe(true);
      expect(t.brokenExternal.length, t.id).toBeGreaterThan(0);
      expect(t.redirects.some((r) => r.status === 301), t.id).toBe(true);
      expect(
        t.redirects.some((r) => r.status === 302 && new URL(r.to).hostname !== new URL(r.from).hostname && t.domains.some((d) => new URL(r.to).hostname.endsWith('.' + d))),
        t.id,
      ).toBe(true);
      expect(t.documents.some((d) => d.endsWith('.pdf')), t.id).toBe(true);
    }
  });

  it('reports broken pairs whose targets really fail through the server', async () => {
    for (const t of truths) {
      for (const b of [...t.brokenInternal, ...t.brokenExternal]) {
        expect(t.pages).toContain(b.source);
        if (b.status === 0) {
          expect(server.resolve[new URL(b.target).hostname]).toBeUndefined();
          continue;
        }
        let res = await getUrl(b.target);
        for (let i = 0; i < 5 && res.status >= 300 && res.status < 400; i++) res = await getUrl(fromServed(new URL(String(res.headers.location), server.url(b.target)).toString()));
        expect(res.status, b.target).toBe(b.status);
      }
    }
    const pairs = truths.flatMap((t) => t.brokenInternal);
    expect(pairs).toContainEqual({
      source: 'http://www.sukamajukota.go.id/',
      target: 'http://www.sukamajukota.go.id/profil/pimpinan/',
      status: 404,
      reason: 'http_404',
    });
  });

  it('knows robots.txt: at least one disallowed path has content and is linked', async () => {
    const withContent = [];
    for (const t of truths) {
      for (const url of t.disallowed) {
        const res = await getUrl(url);
        if (res.status === 200) withContent.push(url);
        expect(t.pages).not.toContain(url);
      }
    }
    expect(withContent).toEqual(expect.arrayContaining(['http://www.mandalasarikota.go.id/internal/', 'http://www.sukamajukota.go.id/admin/']));
    const rules = parseRobots('User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /*?s=\n');
    expect(robotsAllows(rules, '/wp-admin/')).toBe(false);
    expect(robotsAllows(rules, '/wp-admin/admin-ajax.php')).toBe(true);
    expect(robotsAllows(rules, '/?s=banjir')).toBe(false);
    expect(robotsAllows(rules, '/berita/')).toBe(true);
  });

  it('knows the sitemaps: an index with two children, and a page only the sitemap lists', () => {
    const mandalasari = truths.find((t) => t.id === 'mandalasari')!;
    expect(mandalasari.sitemaps).toHaveLength(3);
    expect(mandalasari.sitemapOnly).toEqual(['http://www.mandalasarikota.go.id/profil/penghargaan/']);
    expect(mandalasari.linkedPages).not.toContain('http://www.mandalasarikota.go.id/profil/penghargaan/');
    expect(truths.filter((t) => t.sitemapOnly.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the stale city stale and the active ones current', async () => {
    const teluk = truths.find((t) => t.id === 'telukbatu')!;
    const years = new Set<number>();
    for (const page of teluk.pages) {
      if (teluk.flagged.some((f) => f.url === page)) continue;
      const res = await getUrl(page);
      const text = new TextDecoder(/windows-1252/.test(String(res.headers['content-type'])) ? 'windows-1252' : 'utf-8').decode(res.body);
      for (const m of text.matchAll(/\b(20\d\d)\b/g)) years.add(Number(m[1]));
    }
    expect(Math.max(...years)).toBeLessThanOrEqual(2021);
    expect(teluk.flagged).toEqual([{ url: 'http://www.telukbatukota.go.id/2021/05/slot-gacor-maxwin-hari-ini.html', flag: 'gambling_spam spam_page' }]);
    expect(teluk.pages).toContain(teluk.flagged[0]!.url);
    for (const t of truths.filter((x) => x.id !== 'telukbatu')) {
      const home = await getUrl(t.portal);
      expect(home.text, t.id).toMatch(/November 2026|\/11\/2026|-11-2026|2026-11-/);
    }
  });

  it('contains formula-looking titles or link texts for CSV neutralisation', async () => {
    const texts: string[] = [];
    for (const t of truths) {
      for (const page of t.pages) {
        const res = await getUrl(page);
        const $ = cheerio.load(res.text);
        texts.push($('title').text(), ...$('a').map((_i, a) => $(a).text().trim()).get());
      }
    }
    for (const lead of ['=', '+', '-', '@']) expect(texts.some((s) => s.startsWith(lead)), lead).toBe(true);
  });

  it('lists applications with the verdict a liveness check should reach', () => {
    const apps = truths.flatMap((t) => t.applications);
    const reasons = new Set(apps.map((a) => a.reason).filter(Boolean));
    for (const r of ['default_page', 'parked', 'soft_404', 'redirect_home', 'dns', 'http_404']) expect(reasons).toContain(r);
    expect(apps.some((a) => a.expect === 'stale')).toBe(true);
    expect(apps.filter((a) => a.expect === 'active').length).toBeGreaterThan(5);
  });
});
