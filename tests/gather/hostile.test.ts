// Issue 18 items 3 and 5, issue 13 item 5: no page can stall gather or the liveness checks, and
// links that are not links earn nothing.
import { describe, expect, it } from 'vitest';
import { analysePage } from '../../src/run/analyse-page.ts';
import { boundNesting, MAX_NESTING } from '../../src/gather/nesting.ts';
import { hrefAsParsed } from '../../src/gather/links.ts';
import { gatherPage } from '../../src/gather/gather.ts';
import { detectBlocked, detectDefaultPage, detectParked, saysNotFound, viewPage, CHECK_TITLE_CHARS } from '../../src/apps/classify.ts';
import { ctxFor, page } from './helpers.ts';

const URL0 = 'https://www.kota.go.id/';
const analyse = (html: string) => analysePage({ html, url: URL0, portal: URL0, domains: ['kota.go.id'], now: Date.parse('2024-06-01T00:00:00Z') });

/** Milliseconds `fn` takes. */
function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

const HOSTILE: Record<string, string> = {
  'a 1 MB title': `<html><head><title>${'oops halaman '.repeat(80_000)}</title></head><body><p>isi</p></body></html>`,
  '100,000 nested elements': `<html><body>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}</body></html>`,
  '100,000 nested spans inside a heading': `<html><body><h1>${'<span>'.repeat(100_000)}404${'</span>'.repeat(100_000)}</h1></body></html>`,
  'a 1 MB attribute': `<html><body><a href="/x" title="${'a'.repeat(1_000_000)}">x</a><div class="${'date '.repeat(200_000)}">1 Mei 2024</div><div style="${'display:none;'.repeat(80_000)}">s</div></body></html>`,
  'thousands of forms': `<html><body>${'<form action="/cari" method="post"><label for="q">Cari</label><input id="q" name="q"><button>Cari</button></form>'.repeat(5000)}</body></html>`,
  'a 1 MB word before an @': `<html><body><p>${'a'.repeat(1_000_000)}@</p><p>${'0'.repeat(500_000)}</p></body></html>`,
};

describe('hostile pages stay cheap', () => {
  for (const [name, html] of Object.entries(HOSTILE)) {
    it(`${name}: gathered and classified in bounded time`, () => {
      // Generous bounds (a loaded 2-core machine); before, the title took 78 s and the nesting 22 s.
      expect(timed(() => analyse(html))).toBeLessThan(5000);
      expect(
        timed(() => {
          const view = viewPage(html, URL0);
          saysNotFound(view);
          detectParked(view, html);
          detectDefaultPage(view, html);
          detectBlocked(403, {}, view);
        }),
      ).toBeLessThan(5000);
    });
  }

  it('a page nested past the bound is read up to there, and says so', () => {
    const html = `<html><body><p>awal</p>${'<div>'.repeat(5000)}dalam${'</div>'.repeat(5000)}<p>akhir</p></body></html>`;
    const facts = gatherPage(html, ctxFor());
    expect(facts.text).toContain('awal');
    expect(facts.text).not.toContain('akhir');
    expect(facts.cut?.nesting).toBe(MAX_NESTING);
    expect(facts.cut?.htmlRead).toBeLessThan(html.length);
  });

  it('the nesting bound does not cut real markup: implied ends, void elements, scripts and comments', () => {
    const sloppy = `<html><body>${'<p>paragraf <br><img src=a.png> <li>butir <td>sel '.repeat(3000)}<script>${'"<div>"+'.repeat(3000)}1</script><!-- ${'<div>'.repeat(3000)} --><textarea>${'<div>'.repeat(3000)}</textarea><p>akhir</body></html>`;
    expect(boundNesting(sloppy).cutAt).toBeUndefined();
    expect(gatherPage(sloppy, ctxFor()).text).toContain('akhir');
    const deep = `${'<section>'.repeat(MAX_NESTING + 1)}x`;
    expect(boundNesting(deep).cutAt).toBe('<section>'.length * MAX_NESTING);
  });

  it('the not-found check reads a capped title and still recognises a not-found page', () => {
    const view = viewPage(`<title>${'Oops! '.repeat(50)} halaman tidak ditemukan</title>`, URL0);
    expect(view.title.length).toBeLessThanOrEqual(CHECK_TITLE_CHARS);
    expect(saysNotFound(viewPage('<title>Oops! Halaman yang Anda cari tidak ada</title><body>x</body>', URL0))).toBe(true);
    expect(saysNotFound(viewPage('<title>Portal Kota</title><body><h1>Selamat datang</h1></body>', URL0))).toBe(false);
  });
});

describe('script, data and vbscript hrefs in any spelling are not links', () => {
  const SCRIPT_SPELLINGS = [
    'javascript:alert(1)',
    'JavaScript:void(0)',
    '  javascript:void(0)',
    'java\tscript:void(0)',
    'java&#x09;script:void(0)',
    'java&#9;script:void(0)',
    'jav\nascript:void(0)',
    'java&#10;script:void(0)',
    'j&#x61;vascript:void(0)',
    '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;void(0)',
    '&#x01;javascript:void(0)',
    '\u0001 javascript:void(0)',
    'javascript&colon;void(0)',
    'vbscript:msgbox(1)',
    'VBScript&#58;msgbox',
    'data:text/html;base64,PHNjcmlwdD4=',
    ' DATA:text/html,<b>izin</b>',
    'da\rta:text/html,izin',
  ];
  for (const href of SCRIPT_SPELLINGS) {
    it(`${JSON.stringify(href)} is dropped`, () => {
      const facts = gatherPage(page(`<a href="${href.replace(/"/g, '&quot;')}">Perizinan Online</a><a href="/izin">Perizinan</a>`), ctxFor());
      expect(facts.links.map((l) => l.href)).toEqual(['https://kota.go.id/izin']);
    });
  }

  it('a base of another scheme does not turn relative links into script links', () => {
    const facts = gatherPage(page('<a href="izin">Perizinan</a>', '<base href="javascript:/">'), ctxFor());
    expect(facts.links.every((l) => !l.href.startsWith('javascript:'))).toBe(true);
  });

  it('real links that only look alike are kept', () => {
    const facts = gatherPage(
      page('<a href=" /javascript:guide ">Panduan</a><a href="https://data.kota.go.id/">Portal Data</a><a href="\thttps://izin.kota.go.id/\n">Izin</a><a href="mai\tlto:humas@kota.go.id">Surel</a>'),
      ctxFor(),
    );
    expect(facts.links.map((l) => [l.kind, l.href])).toEqual([
      ['internal', 'https://kota.go.id/javascript:guide'],
      ['internal', 'https://data.kota.go.id/'],
      ['internal', 'https://izin.kota.go.id/'],
      ['mailto', 'mailto:humas@kota.go.id'],
    ]);
  });

  it('strips as the WHATWG URL parser does', () => {
    expect(hrefAsParsed(' \u0000\u001f java\tscr\nipt:x \u0010')).toBe('javascript:x');
    expect(hrefAsParsed('https://a.id/ b')).toBe('https://a.id/ b');
    expect(timed(() => hrefAsParsed(`a${' '.repeat(1_000_000)}b`))).toBeLessThan(200);
  });
});
