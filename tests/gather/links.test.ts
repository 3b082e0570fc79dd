import { describe, expect, it } from 'vitest';
import { gatherPage } from '../../src/gather/gather.ts';
import type { LinkFact } from '../../src/gather/types.ts';
import { ctxFor, page } from './helpers.ts';

function links(body: string, url?: string, head = ''): LinkFact[] {
  return gatherPage(page(body, head), ctxFor(url)).links;
}

function kindOf(href: string, attrs = ''): string | undefined {
  return links(`<a href="${href}" ${attrs}>x</a>`)[0]?.kind;
}

describe('link kinds', () => {
  it.each([
    ['mailto:humas@kota.go.id', 'mailto'],
    ['MAILTO:humas@kota.go.id?subject=Tanya', 'mailto'],
    ['tel:+62614512412', 'tel'],
    ['https://wa.me/6281234567890', 'whatsapp'],
    ['https://api.whatsapp.com/send?phone=6281234567890', 'whatsapp'],
    ['https://chat.whatsapp.com/AbCdEf', 'whatsapp'],
    ['whatsapp://send?phone=6281234567890', 'whatsapp'],
    ['https://www.facebook.com/pemkotmedan', 'social'],
    ['https://m.facebook.com/pemkotmedan', 'social'],
    ['https://fb.com/pemkot', 'social'],
    ['https://www.instagram.com/pemkot.medan/', 'social'],
    ['https://twitter.com/pemkot', 'social'],
    ['https://x.com/pemkot', 'social'],
    ['https://www.youtube.com/@pemkot', 'social'],
    ['https://youtu.be/dQw4w9WgXcQ', 'social'],
    ['https://www.tiktok.com/@pemkot', 'social'],
    ['https://id.linkedin.com/company/pemkot', 'social'],
    ['https://t.me/pemkot', 'social'],
    ['https://www.threads.net/@pemkot', 'social'],
    ['/uploads/APBD-2024.pdf', 'document'],
    ['/uploads/LAPORAN.PDF', 'document'],
    ['/uploads/data.xlsx?ver=3', 'document'],
    ['https://drive.example.com/files/perwal.docx', 'document'],
    ['/uploads/arsip.zip', 'document'],
    ['/uploads/paparan.pptx', 'document'],
    ['/unduh.php?file=renstra-2021-2026.ods', 'document'],
    ['/berita/detail/123', 'internal'],
    ['https://ppid.kota.go.id/', 'internal'],
    ['https://www.lapor.go.id/', 'external'],
    ['https://box.com/x', 'external'], // "x.com" only as a whole label
    ['https://facebook.com.phishing.example/', 'external'],
    ['/pdf-viewer/berita', 'internal'],
    ['/dokumen.pdf.html', 'internal'],
  ])('%s is %s', (href, kind) => {
    expect(kindOf(href)).toBe(kind);
  });

  it('treats a link as a document when its download attribute names a file', () => {
    const [link] = links('<a href="/unduh/123" download="Perwal 12 Tahun 2023.pdf">Unduh</a>');
    expect(link!.kind).toBe('document');
  });

  it('keeps mailto and tel targets as written, and the rel attribute', () => {
    expect(links('<a href=" mailto:humas@kota.go.id ">Email</a><a href="tel:061-4512412" rel="nofollow">Telepon</a>')).toEqual([
      { href: 'mailto:humas@kota.go.id', text: 'Email', kind: 'mailto' },
      { href: 'tel:061-4512412', text: 'Telepon', kind: 'tel', rel: 'nofollow' },
    ]);
  });
});

describe('link URLs', () => {
  it('resolves relative links against the page URL and drops fragments', () => {
    const found = links(
      '<a href="detail.php?id=1">A</a><a href="../profil/#visi">B</a><a href="//cdn.kota.go.id/x">C</a>' +
        '<a href="/profil#misi">D</a>',
      'https://kota.go.id/berita/index.php',
    );
    expect(found.map((l) => l.href)).toEqual([
      'https://kota.go.id/berita/detail.php?id=1',
      'https://kota.go.id/profil/',
      'https://cdn.kota.go.id/x',
      'https://kota.go.id/profil',
    ]);
  });

  it('resolves against <base href>, itself relative to the page', () => {
    const abs = links('<a href="layanan">L</a>', 'https://kota.go.id/a/b', '<base href="https://kota.go.id/portal/">');
    expect(abs[0]!.href).toBe('https://kota.go.id/portal/layanan');
    const rel = links('<a href="layanan">L</a>', 'https://kota.go.id/a/b', '<base href="/v2/">');
    expect(rel[0]!.href).toBe('https://kota.go.id/v2/layanan');
  });

  it('skips javascript:, fragment-only, empty and unparsable hrefs, and anchors without href', () => {
    const found = links(
      '<a href="javascript:void(0)">J</a><a href=" JavaScript:alert(1)">J2</a><a href="#top">Top</a><a href="#">#</a>' +
        '<a href="">Empty</a><a href="   ">Blank</a><a name="anchor">No href</a><a href="http://[bad">Bad</a>' +
        '<a href="/ok">OK</a>',
    );
    expect(found).toEqual([{ href: 'https://kota.go.id/ok', text: 'OK', kind: 'internal' }]);
  });

  it('reads <area href> from image maps, with alt as text', () => {
    const found = links('<map name="peta"><area shape="rect" coords="0,0,10,10" href="/kecamatan/medan-kota" alt="Medan Kota"></map>');
    expect(found).toEqual([{ href: 'https://kota.go.id/kecamatan/medan-kota', text: 'Medan Kota', kind: 'internal' }]);
  });
});

describe('link text', () => {
  it('collapses visible text and falls back to aria-label, title, then image alt', () => {
    const found = links(
      '<a href="/a">  Berita \n\t <b>Terkini</b>  </a>' +
        '<a href="/b" aria-label="Beranda" title="ignored"><i class="fa fa-home"></i></a>' +
        '<a href="/c" title="Galeri Foto"><span></span></a>' +
        '<a href="/d"><img src="logo.png" alt="Logo Pemkot"></a>' +
        '<a href="/e"><img src="x.png" alt=""></a>',
    );
    expect(found.map((l) => l.text)).toEqual(['Berita Terkini', 'Beranda', 'Galeri Foto', 'Logo Pemkot', '']);
  });

  it('does not run block-level items together', () => {
    expect(links('<a href="/x"><div>Layanan</div><div>Publik</div></a>')[0]!.text).toBe('Layanan Publik');
  });
});

describe('hidden links', () => {
  it.each([
    ['<a href="https://slot.example/" hidden>slot</a>', true],
    ['<div hidden><p><a href="https://slot.example/">slot</a></p></div>', true],
    ['<div aria-hidden="true"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="display:none"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="DISPLAY : NONE !important"><a href="https://slot.example/">slot</a></div>', true],
    ['<span style="visibility: hidden"><a href="https://slot.example/">slot</a></span>', true],
    ['<p style="font-size:0"><a href="https://slot.example/">slot</a></p>', true],
    ['<p style="font-size: 0px;"><a href="https://slot.example/">slot</a></p>', true],
    ['<div style="position:absolute;left:-9999px"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="position: fixed; top: -1000px;"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="height:0;overflow:hidden"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="overflow: hidden; height: 0px"><ul><li><a href="https://slot.example/">slot</a></li></ul></div>', true],
    ['<div style="overflow:hidden;height:1px"><a href="https://slot.example/">slot</a></div>', true],
    ['<div style="width: 1px; overflow-x: hidden"><a href="https://slot.example/">slot</a></div>', true],
    ['<h2 style="text-indent:-9999px"><a href="https://slot.example/">slot</a></h2>', true],
    ['<div style="margin-left: -5000px"><a href="https://slot.example/">slot</a></div>', true],
    ['<a href="https://slot.example/">slot</a>', false],
    ['<div aria-hidden="false"><a href="https://slot.example/">slot</a></div>', false],
    ['<p style="font-size:0.8em"><a href="https://slot.example/">slot</a></p>', false],
    ['<div style="position:relative;left:-20px"><a href="https://slot.example/">slot</a></div>', false],
    ['<div style="height:0"><a href="https://slot.example/">slot</a></div>', false],
    ['<div style="height:100px;overflow:hidden"><a href="https://slot.example/">slot</a></div>', false],
    ['<div style="height:10px;overflow:hidden"><a href="https://slot.example/">slot</a></div>', false],
    ['<div style="width:1em;overflow:hidden"><a href="https://slot.example/">slot</a></div>', false],
    ['<p style="text-indent:-2em"><a href="https://slot.example/">slot</a></p>', false],
    ['<div style="display:block"><a href="https://slot.example/">slot</a></div>', false],
  ])('%s → hidden %s', (body, hidden) => {
    const [link] = links(body);
    expect(link!.href).toBe('https://slot.example/');
    expect(link!.hidden === true).toBe(hidden);
  });

  it('leaves the flag out for visible links so that facts stay small', () => {
    expect(Object.keys(links('<a href="/a">A</a>')[0]!)).toEqual(['href', 'text', 'kind']);
  });
});

describe('de-duplication', () => {
  it('keeps one fact per (href, text) in document order', () => {
    const found = links(
      '<a href="/berita">Berita</a><a href="/profil">Profil</a><a href="/berita#top">Berita</a>' +
        '<a href="/berita">Semua berita</a><a href="/berita"> Berita </a>',
    );
    expect(found.map((l) => [l.href, l.text])).toEqual([
      ['https://kota.go.id/berita', 'Berita'],
      ['https://kota.go.id/profil', 'Profil'],
      ['https://kota.go.id/berita', 'Semua berita'],
    ]);
  });

  it('does not call a link hidden when the page also shows it', () => {
    const found = links('<div style="display:none"><a href="/kontak">Kontak</a></div><a href="/kontak">Kontak</a>');
    expect(found).toEqual([{ href: 'https://kota.go.id/kontak', text: 'Kontak', kind: 'internal' }]);
  });
});

describe('skipped subtrees', () => {
  it('ignores links inside template, noscript and svg', () => {
    const found = links(
      '<template><a href="/t">T</a></template><noscript><a href="/n">N</a></noscript>' +
        '<svg><a href="/s"><text>S</text></a></svg><a href="/real">Real</a>',
    );
    expect(found.map((l) => l.href)).toEqual(['https://kota.go.id/real']);
  });
});
