// The --render auto rule on hand-written pages: what an app shell looks like and what it does not.
import { describe, expect, it } from 'vitest';
import { gatherPage } from '../../src/gather/index.ts';
import { emptyRoot, linkCountsDiffer, looksLikeAppShell, noscriptWarning, scriptStats } from '../../src/render/app-shell.ts';

const URL_ = 'https://www.contohkota.go.id/';
const facts = (html: string) => gatherPage(html, { url: URL_, isInternal: (u) => u.hostname === 'www.contohkota.go.id', now: new Date('2026-11-23T00:00:00Z') });
const verdict = (html: string) => looksLikeAppShell(html, facts(html));
const filler = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraf berita nomor ${i} tentang pelayanan publik di kota kami.</p>`).join('\n');
const menu = ['profil', 'berita', 'layanan', 'kontak', 'ppid'].map((p) => `<li><a href="/${p}/">${p}</a></li>`).join('');

describe('looksLikeAppShell', () => {
  it('fires on an empty Vue/React mount point with a bundle', () => {
    for (const id of ['app', 'root', '__next', '__nuxt']) {
      const html = `<!doctype html><html lang="id"><head><title>Portal</title><script type="module" src="/assets/index-4f2a.js"></script></head><body><div id="${id}"></div></body></html>`;
      expect(verdict(html)).toEqual({ render: true, why: `empty_root #${id}` });
    }
    expect(verdict('<html><body><app-root></app-root><script src="main.js"></script></body></html>').why).toBe('empty_root #app-root');
    // A spinner inside the root is still empty.
    expect(verdict('<html><body><div id="root"><div class="spinner"></div></div><script src="/static/js/main.3e1.js"></script></body></html>').why).toBe('empty_root #root');
  });

  it('fires on a noscript that asks for JavaScript, in Indonesian or English', () => {
    expect(noscriptWarning('<noscript>Aktifkan JavaScript untuk membuka situs ini.</noscript>')).toBe(true);
    expect(noscriptWarning('<noscript><strong>We\'re sorry but portal doesn\'t work properly without JavaScript enabled. Please enable it to continue.</strong></noscript>')).toBe(true);
    expect(noscriptWarning('<noscript>Situs ini membutuhkan JavaScript.</noscript>')).toBe(true);
    expect(noscriptWarning('<noscript><img src="/pixel.gif" alt=""></noscript>')).toBe(false);
    expect(noscriptWarning('<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X"></iframe></noscript>')).toBe(false);
    const page = `<html><body><header><ul>${menu}</ul></header>${filler(10)}<noscript>Mohon aktifkan JavaScript pada browser Anda.</noscript><script src="/app.js"></script></body></html>`;
    expect(verdict(page).why).toBe('noscript_warning');
  });

  it('fires on little text or very few links when scripts are loaded', () => {
    const little = `<html><body><div class="wrap"><h1>Memuat...</h1></div><script src="/bundle.js"></script></body></html>`;
    expect(verdict(little).why).toMatch(/^little_text \d+$/);
    const fewLinks = `<html><body><div class="container">${filler(8)}<a href="/">Beranda</a></div><script src="/vendor.js"></script></body></html>`;
    expect(verdict(fewLinks)).toEqual({ render: true, why: 'few_links 1' });
  });

  it('does not fire on server-rendered pages', () => {
    // A classic page with jQuery and a menu.
    const classic = `<html><body><ul>${menu}</ul>${filler(10)}<script src="/js/jquery.min.js"></script></body></html>`;
    expect(verdict(classic)).toEqual({ render: false, why: 'static' });
    // Laravel/Vue: <div id="app"> wraps the whole server-rendered page.
    const laravel = `<html><body><div id="app"><div class="navbar"><ul>${menu}</ul></div>${filler(10)}</div><script src="/js/app.js"></script></body></html>`;
    expect(verdict(laravel).render).toBe(false);
    // Next.js with server rendering: the root holds the content.
    const next = `<html><body><div id="__next"><main><ul>${menu}</ul>${filler(6)}</main></div><script src="/_next/static/chunks/main.js"></script><script id="__NEXT_DATA__" type="application/json">{"props":{}}</script></body></html>`;
    expect(verdict(next).render).toBe(false);
    // A short page without any script is what it is (a 404 page, a stub).
    expect(verdict('<html><body><h1>404</h1><p>Halaman tidak ditemukan</p></body></html>')).toEqual({ render: false, why: 'static' });
  });

  it('counts code, not JSON, as scripts', () => {
    expect(scriptStats('<script type="application/ld+json">{"@type":"Organization"}</script><script type="application/json">{}</script>')).toEqual({ bundles: 0, inlineChars: 0 });
    expect(scriptStats('<script src="a.js"></script><script type="module">import x from "./x.js"</script><script>var a=1;</script>')).toEqual({ bundles: 2, inlineChars: 8 });
    expect(emptyRoot('<body id="app"><p>isi</p></body>')).toBeUndefined();
  });
});

describe('linkCountsDiffer', () => {
  it('says a site builds its links in the browser when the rendered page has clearly more', () => {
    const bare = facts(`<html><body><a href="/">Beranda</a><a href="/kontak/">Kontak</a>${filler(5)}</body></html>`);
    const full = facts(`<html><body><a href="/">Beranda</a><a href="/kontak/">Kontak</a><ul>${menu}</ul>${filler(5)}</body></html>`);
    expect(linkCountsDiffer(bare, full)).toEqual({ render: true, why: 'links_differ 2→7' });
    expect(linkCountsDiffer(full, full)).toEqual({ render: false, why: 'links_same 7→7' });
  });
});
