// A generated city portal for the resume property test, served on loopback: a news archive paged
// with ?page=, articles whose text comes from a seeded generator, an endless empty calendar,
// session ids in links (a fresh PHPSESSID and ;jsessionid on every answer), per-link tokens, a
// path that repeats itself, dead links, a document and an application on its own host. Answers
// take a random time, so that responses arrive in a different order on every crawl; what they
// say is the same on every crawl (except the session ids, which the crawler must see through).
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface GeneratedPortal {
  port: number;
  /** Requests answered, by path (query included). */
  requests: string[];
  close(): Promise<void>;
}

const WORDS = [
  'pelayanan', 'warga', 'kota', 'pembangunan', 'jalan', 'pasar', 'sekolah', 'puskesmas', 'banjir', 'taman', 'festival',
  'anggaran', 'dinas', 'kelurahan', 'vaksinasi', 'bantuan', 'sosial', 'perizinan', 'investasi', 'pariwisata', 'air', 'bersih',
  'sampah', 'lampu', 'terminal', 'koperasi', 'umkm', 'pelatihan', 'kerja', 'pemuda', 'olahraga', 'budaya', 'digital',
];
const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** A small seeded generator (mulberry32), so that the portal says the same on every crawl. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function words(r: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

function doc(title: string, body: string, links: string[]): string {
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head><body>
<h1>${title}</h1><p>${body}</p><nav>${links.map((l, i) => `<a href="${l}">Tautan ${i + 1}</a>`).join(' ')}</nav></body></html>`;
}

export async function startGeneratedPortal(seed: number, articles = 48, perPage = 8): Promise<GeneratedPortal> {
  const requests: string[] = [];
  const latency = rng(seed ^ 0x5eed);
  const pages = Math.ceil(articles / perPage);
  const session = () => randomBytes(12).toString('hex');
  // The same token for the same (page, link) on every crawl, a different one on every page.
  const token = (from: string, to: string) => createHash('sha1').update(`${seed}${from}${to}`).digest('hex').slice(0, 24);

  const answer = (path: string, query: URLSearchParams, host: string): { status: number; type: string; body: string } => {
    if (host.startsWith('app.')) return { status: 200, type: 'text/html', body: doc('Aplikasi Layanan Mandiri', 'Masuk untuk mengajukan layanan 2026.', []) };
    if (path === '/robots.txt') return { status: 200, type: 'text/plain', body: 'User-agent: *\nDisallow: /admin\n' };
    if (path === '/sitemap.xml') return { status: 404, type: 'text/plain', body: 'no' };
    if (path === '/dokumen/laporan-2025.pdf') return { status: 200, type: 'application/pdf', body: '%PDF-1.4 laporan' };
    if (path === '/') {
      return {
        status: 200, type: 'text/html',
        body: doc('Portal Resmi Kota Acak', 'Selamat datang di portal pemerintah kota. Berita, layanan, pengaduan.', [
          '/profil', `/layanan?PHPSESSID=${session()}`, '/berita?page=1', '/agenda?bulan=12&tahun=2026', '/arsip/', '/hilang',
          '/dokumen/laporan-2025.pdf', '/admin/panel', `http://app.acak.test:${port}/`, '/pengaduan',
        ]),
      };
    }
    if (path === '/profil' || path === '/layanan' || path === '/pengaduan') {
      const r = rng(seed + path.length);
      return { status: 200, type: 'text/html', body: doc(`Halaman ${path.slice(1)}`, words(r, 40), ['/', `/profil;jsessionid=${session()}`, `/unduh?id=1&token=${token(path, 'unduh')}`]) };
    }
    if (path === '/unduh') return { status: 200, type: 'text/html', body: doc('Unduhan', `Berkas ${query.get('id')} siap diunduh.`, ['/']) };
    if (path === '/berita') {
      const k = Number(query.get('page') ?? '1');
      if (!(k >= 1 && k <= pages)) return { status: 404, type: 'text/html', body: doc('Tidak ditemukan', '404', []) };
      const items = Array.from({ length: perPage }, (_, i) => (k - 1) * perPage + i + 1).filter((n) => n <= articles);
      const links = items.map((n) => `/berita/${n}`);
      if (k < pages) links.push(`/berita?page=${k + 1}`);
      return { status: 200, type: 'text/html', body: doc(`Berita - Halaman ${k}`, `Daftar berita halaman ${k}.`, ['/', ...links]) };
    }
    const art = /^\/berita\/(\d+)$/.exec(path);
    if (art) {
      const n = Number(art[1]);
      if (n < 1 || n > articles) return { status: 404, type: 'text/html', body: doc('Tidak ditemukan', '404', []) };
      const r = rng(seed * 1000 + n);
      const rel = [1 + Math.floor(r() * articles), 1 + Math.floor(r() * articles)];
      const links = ['/', ...rel.map((x) => `/berita/${x}`), `/layanan?PHPSESSID=${session()}`, `/unduh?id=${1 + (n % 3)}&token=${token(path, 'unduh')}`];
      if (n % 7 === 0) links.push(`/berita/${articles + n}`); // dead
      return { status: 200, type: 'text/html', body: doc(`${words(r, 4)} ${n}`, words(r, 60), links) };
    }
    if (path === '/agenda') {
      const m = Number(query.get('bulan'));
      const y = Number(query.get('tahun'));
      const next = m === 12 ? `/agenda?bulan=1&tahun=${y + 1}` : `/agenda?bulan=${m + 1}&tahun=${y}`;
      return { status: 200, type: 'text/html', body: doc(`Agenda ${BULAN[(m + 11) % 12]} ${y}`, 'Belum ada kegiatan.', ['/', next]) };
    }
    if (path.startsWith('/arsip/')) return { status: 200, type: 'text/html', body: doc('Arsip', `Arsip ${path.split('/').length}`, ['sub/', '/']) };
    return { status: 404, type: 'text/html', body: doc('Tidak ditemukan', 'Halaman tidak ditemukan.', ['/']) };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    const a = answer(url.pathname, url.searchParams, req.headers.host ?? '');
    setTimeout(() => {
      res.writeHead(a.status, { 'content-type': a.type });
      res.end(req.method === 'HEAD' ? undefined : a.body);
    }, 20 + Math.floor(latency() * 100));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
