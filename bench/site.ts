// A deterministic, Indonesian-looking city portal of N pages for the benchmark: news, announcements
// and service pages, 20–40 links each (menu, child pages, related articles, documents, a few links to
// another site), about 3% of the links dead. The same (pages, seed) always gives the same site, so the
// server child and the orchestrator agree on the exact list of dead link targets without talking.

export interface SiteSpec {
  pages: number;
  seed?: number;
  /** Origin of the portal (scheme://host:port), used to write absolute links where a CMS would. */
  origin: string;
  /** Origin of "another site" (a second listener): external links, a few of them dead. */
  externalOrigin: string;
}

export interface Served {
  status: number;
  type: string;
  body: string | Buffer;
  location?: string;
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS = ['berita', 'pengumuman', 'layanan', 'artikel', 'galeri', 'opd'] as const;
const MENU = [
  ['Beranda', 0], ['Profil Kota', 1], ['Berita', 2], ['Pengumuman', 3], ['Layanan Publik', 4],
  ['PPID', 5], ['Transparansi Anggaran', 6], ['Pengaduan', 7], ['Perangkat Daerah', 8], ['Kontak', 9],
] as const;
const WORDS = (
  'pemkot gelar rapat koordinasi percepatan penanganan stunting wali kota resmikan pasar rakyat ' +
  'dinas kesehatan vaksinasi posyandu kelurahan kecamatan pelayanan terpadu satu pintu perizinan ' +
  'investasi umkm pelatihan digital bantuan sosial penyaluran beras warga banjir drainase normalisasi ' +
  'sungai jalan perbaikan infrastruktur sekolah pendidikan beasiswa prestasi festival budaya pariwisata ' +
  'apbd realisasi anggaran musrenbang perencanaan pembangunan kependudukan dukcapil administrasi ' +
  'adminduk ktp elektronik kartu identitas anak sampah bank lingkungan hidup penghijauan taman kota ' +
  'transportasi angkutan umum retribusi pajak daerah pbb pelunasan inspektorat pengawasan'
).split(' ');
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
/** Children per page in the spanning tree: every page is at most 4 clicks from home up to 20,736 pages. */
const FANOUT = 12;
const DOCUMENTS = 300;
const EXTERNALS = 40;

export interface Link {
  href: string;
  text: string;
}

export interface Site {
  pages: number;
  /** Path of page i (0 is "/"). */
  path(i: number): string;
  /** Page index for a path, or -1. */
  indexOf(path: string): number;
  /** Every link on page i, in order (absolute or root-relative, as a CMS writes them). */
  links(i: number): Link[];
  html(i: number): string;
  /** Absolute URLs of dead link targets that appear on at least one page. */
  deadTargets(): Set<string>;
  /** Total link slots over all pages (for "~3% dead"). */
  linkStats(): { links: number; deadLinks: number };
  /** What the portal's listener answers for a path. */
  serve(path: string): Served;
  /** What the external listener answers for a path. */
  serveExternal(path: string): Served;
}

function slugWords(r: () => number, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  return out;
}

function title(words: string[]): string {
  return words.map((w) => (w.length <= 4 && /^(pbb|apbd|umkm|ppid|opd|ktp)$/.test(w) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function makeSite(spec: SiteSpec): Site {
  const n = Math.max(20, spec.pages);
  const seed = spec.seed ?? 20260801;
  const ext = spec.externalOrigin;
  const paths: string[] = new Array(n);
  const titles: string[] = new Array(n);
  const byPath = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rng(seed ^ (i * 2654435761));
    const words = slugWords(r, 3 + Math.floor(r() * 4));
    titles[i] = i === 0 ? 'Beranda' : i < MENU.length ? MENU[i]![0] : title(words);
    paths[i] = i === 0 ? '/' : i < MENU.length ? `/${MENU[i]![0].toLowerCase().replace(/\s+/g, '-')}` : `/${SECTIONS[i % SECTIONS.length]}/${i}/${words.join('-')}`;
    byPath.set(paths[i]!, i);
  }
  const docPath = (d: number) => `/uploads/dokumen/${['laporan-keuangan', 'perwal', 'renstra', 'lakip', 'sop-pelayanan', 'dpa'][d % 6]}-${2019 + (d % 6)}-${d}.pdf`;
  const docs = new Set<string>();
  for (let d = 0; d < DOCUMENTS; d++) docs.add(docPath(d));
  const extPath = (e: number) => `/portal/${['kominfo', 'lapor', 'lpse', 'jdih', 'satudata', 'sipd', 'oss', 'bps'][e % 8]}/${e}`;
  /** External targets whose index ≡ 0 mod 10 are dead (404 on the other site). */
  const extDead = (e: number) => e % 10 === 0;
  /** Dead internal targets: a pool of ~3.7% of the page count (deleted articles, a few deleted documents). */
  const deadPool = Math.max(5, Math.round(n * 0.035));
  const deadPath = (k: number) =>
    k % 9 === 0 ? `/uploads/dokumen/lampiran-hapus-${k}.pdf` : `/${SECTIONS[k % SECTIONS.length]}/${n + k}/artikel-dihapus-${k}`;
  const deadPaths = new Set<string>();
  for (let k = 0; k < deadPool; k++) deadPaths.add(deadPath(k));
  /** Old URLs that redirect (301) to the new one: /index.php?p=<i> → path(i). */
  const linksCache = new Map<number, Link[]>();

  const links = (i: number): Link[] => {
    const hit = linksCache.get(i);
    if (hit) return hit;
    const r = rng((seed * 31) ^ (i * 40503) ^ 0x5bd1e995);
    const out: Link[] = [];
    for (const [text, j] of MENU) out.push({ href: paths[j]!, text });
    for (let c = i * FANOUT + 1; c <= i * FANOUT + FANOUT && c < n; c++) out.push({ href: paths[c]!, text: titles[c]! });
    const total = 20 + Math.floor(r() * 21);
    // The dead pool is spread so that every dead target is linked from some page.
    if (i >= MENU.length && i - MENU.length < deadPool) out.push({ href: deadPath(i - MENU.length), text: 'Baca juga' });
    while (out.length < total - 3) {
      const x = r();
      if (x < 0.042) {
        out.push({ href: deadPath(Math.floor(r() * deadPool)), text: 'Selengkapnya' });
      } else if (x < 0.052) {
        const j = Math.floor(r() * n);
        out.push({ href: `/index.php?p=${j}`, text: titles[j]! });
      } else if (x < 0.11) {
        const d = Math.floor(r() * DOCUMENTS);
        out.push({ href: `${spec.origin}${docPath(d)}`, text: `Unduh ${docPath(d).split('/').pop()}` });
      } else {
        const j = Math.floor(r() * n);
        out.push({ href: r() < 0.3 ? `${spec.origin}${paths[j]}` : paths[j]!, text: titles[j]! });
      }
    }
    for (let k = 0; k < 2; k++) {
      const e = Math.floor(r() * EXTERNALS);
      out.push({ href: `${ext}${extPath(e)}`, text: `Portal ${extPath(e).split('/')[2]}` });
    }
    out.push({ href: 'mailto:diskominfo@bench-kota.example', text: 'Email' });
    linksCache.set(i, out);
    if (linksCache.size > 4096) linksCache.delete(linksCache.keys().next().value!);
    return out;
  };

  const isDead = (href: string): boolean => {
    if (href.startsWith(ext)) {
      const m = /\/(\d+)$/.exec(href);
      return m !== null && extDead(Number(m[1]));
    }
    const p = href.startsWith(spec.origin) ? href.slice(spec.origin.length) : href;
    return deadPaths.has(p);
  };

  const absolute = (href: string) => (href.startsWith('http') ? href : `${spec.origin}${href}`);

  const html = (i: number): string => {
    const r = rng(seed ^ (i * 97) ^ 0x1234567);
    const ls = links(i);
    const d = new Date(Date.UTC(2023, 0, 1) + Math.floor(r() * 700) * 86400000);
    const date = `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
    const menu = ls.slice(0, MENU.length).map((l) => `<li class="nav-item"><a class="nav-link" href="${l.href}">${escape(l.text)}</a></li>`).join('\n');
    const body = ls.slice(MENU.length).map((l) => `<li><a href="${escape(l.href)}">${escape(l.text)}</a></li>`).join('\n');
    const paras: string[] = [];
    const np = 4 + Math.floor(r() * 6);
    for (let p = 0; p < np; p++) {
      const w = slugWords(r, 40 + Math.floor(r() * 40));
      paras.push(`<p>${w[0]![0]!.toUpperCase()}${w.join(' ').slice(1)}.</p>`);
    }
    return `<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(titles[i]!)} - Pemerintah Kota Bench</title>
<meta name="description" content="${escape(titles[i]!)}: informasi resmi Pemerintah Kota Bench">
<meta property="og:title" content="${escape(titles[i]!)}">
<meta property="article:published_time" content="${d.toISOString()}">
<link rel="stylesheet" href="/assets/css/bootstrap.min.css">
<link rel="icon" href="/favicon.ico">
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());gtag('config','G-BENCH${i % 97}');</script>
<style>.topbar{background:#0a4d8c;color:#fff}.nav-link{padding:.5rem 1rem}.post-date{color:#777;font-size:.85rem}.sidebar li{margin:.25rem 0}</style>
</head>
<body>
<div class="topbar"><div class="container">Selamat datang di Portal Resmi Pemerintah Kota Bench | <a href="tel:+62215550100">(021) 555-0100</a></div></div>
<header class="site-header"><div class="container"><a class="brand" href="/"><img src="/assets/img/logo.png" alt="Logo Kota Bench"></a>
<nav class="navbar"><ul class="navbar-nav">
${menu}
</ul></nav>
<form class="search" action="/cari" method="get" role="search"><input type="search" name="q" placeholder="Cari berita, layanan..."><button type="submit">Cari</button></form>
</div></header>
<main class="container">
<nav aria-label="breadcrumb"><ol class="breadcrumb"><li><a href="/">Beranda</a></li><li>${escape(SECTIONS[i % SECTIONS.length]!)}</li></ol></nav>
<article class="post">
<h1 class="post-title">${escape(titles[i]!)}</h1>
<div class="post-meta"><span class="post-date">${date}</span> | <span class="author">Admin Diskominfo</span></div>
<img src="/uploads/foto/${i % 500}.jpg" alt="${escape(titles[i]!)}">
${paras.join('\n')}
</article>
<aside class="sidebar"><h3>Tautan Terkait</h3><ul>
${body}
</ul></aside>
</main>
<footer class="site-footer"><div class="container">
<p>Dinas Komunikasi dan Informatika Kota Bench, Jl. Merdeka No. ${1 + (i % 200)}, Kota Bench</p>
<p>&copy; 2024 Pemerintah Kota Bench. Hak cipta dilindungi.</p>
</div></footer>
<script src="/assets/js/jquery.min.js"></script>
<script>document.querySelectorAll('.nav-link').forEach(function(a){a.addEventListener('click',function(){gtag('event','menu',{label:a.textContent})})});</script>
</body>
</html>
`;
  };

  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% bench document\n'), Buffer.alloc(16 * 1024, 32), Buffer.from('\n%%EOF\n')]);
  const asset = Buffer.alloc(2048, 32);
  const notFound = (): Served => ({
    status: 404,
    type: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><head><title>404 Halaman tidak ditemukan</title></head><body><h1>404</h1><p>Halaman yang Anda cari tidak ditemukan.</p></body></html>',
  });

  return {
    pages: n,
    path: (i) => paths[i]!,
    indexOf: (p) => byPath.get(p) ?? -1,
    links,
    html,
    deadTargets() {
      const out = new Set<string>();
      for (let i = 0; i < n; i++) for (const l of links(i)) if (isDead(l.href)) out.add(absolute(l.href));
      return out;
    },
    linkStats() {
      let total = 0;
      let dead = 0;
      for (let i = 0; i < n; i++) {
        for (const l of links(i)) {
          if (l.href.startsWith('mailto:')) continue;
          total++;
          if (isDead(l.href)) dead++;
        }
      }
      return { links: total, deadLinks: dead };
    },
    serve(path) {
      const q = path.indexOf('?');
      const pathname = q >= 0 ? path.slice(0, q) : path;
      if (pathname === '/index.php') {
        const m = /[?&]p=(\d+)/.exec(path);
        const j = m ? Number(m[1]) : -1;
        if (j >= 0 && j < n) return { status: 301, type: 'text/html', body: '', location: `${spec.origin}${paths[j]}` };
        return notFound();
      }
      const i = byPath.get(pathname);
      if (i !== undefined) return { status: 200, type: 'text/html; charset=utf-8', body: html(i) };
      if (docs.has(pathname)) return { status: 200, type: 'application/pdf', body: pdf };
      // Page furniture (styles, scripts, photos): present, so a checker that also checks assets
      // (linkinator does) finds no extra broken links.
      if (pathname.startsWith('/assets/') || pathname.startsWith('/uploads/foto/') || pathname === '/favicon.ico') {
        const type = pathname.endsWith('.css') ? 'text/css' : pathname.endsWith('.js') ? 'text/javascript' : 'image/png';
        return { status: 200, type, body: asset };
      }
      return notFound();
    },
    serveExternal(path) {
      const m = /^\/portal\/[a-z]+\/(\d+)$/.exec(path);
      if (m && !extDead(Number(m[1]))) {
        return { status: 200, type: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><title>Layanan nasional ${m[1]}</title></head><body><h1>Layanan nasional</h1></body></html>` };
      }
      return notFound();
    },
  };
}
