import { describe, expect, it } from 'vitest';
import { collapse } from '../../src/gather/dom.ts';
import { gatherPage } from '../../src/gather/gather.ts';
import { ctxFor, page } from './helpers.ts';

describe('visible text', () => {
  it('drops script, style, noscript, template, svg and head, and collapses whitespace', () => {
    const facts = gatherPage(
      page(
        `<script>var x = "skrip";</script><style>.a{color:red}</style>
         <noscript>Aktifkan JavaScript</noscript><template><p>templat</p></template>
         <svg><text>ikon</text></svg>
         <p>Selamat   datang\n\t di&nbsp;Portal</p><p>Kota&#8203;Medan</p>`,
        '<title>Judul</title><script>var y = 1;</script>',
      ),
      ctxFor(),
    );
    expect(facts.text).toBe('Selamat datang di Portal Kota Medan');
    expect(facts.textLength).toBe(facts.text.length);
  });

  it('separates block elements and line breaks but not inline ones', () => {
    const facts = gatherPage(
      page('<ul><li>Beranda</li><li>Profil</li></ul><div>Alamat<br>Jl. Merdeka</div><p>Hak <b>Ci</b>pta</p><table><tr><td>A</td><td>B</td></tr></table>'),
      ctxFor(),
    );
    expect(facts.text).toBe('Beranda Profil Alamat Jl. Merdeka Hak Cipta A B');
  });

  it('keeps the full length but cuts the text to maxText (4000 by default)', () => {
    const long = 'kata '.repeat(2000).trim(); // 9999 characters
    const cutTo10 = gatherPage(page(`<p>${long}</p>`), ctxFor(undefined, { maxText: 10 }));
    expect(cutTo10.textLength).toBe(9999);
    expect(cutTo10.text).toBe('kata kata ');
    const byDefault = gatherPage(page(`<p>${long}</p>`), ctxFor());
    expect(byDefault.text.length).toBe(4000);
    expect(byDefault.textLength).toBe(9999);
  });

  it('keeps text hidden by inline style (spam detection reads it)', () => {
    const facts = gatherPage(page('<p>Berita</p><div style="display:none">slot gacor</div>'), ctxFor());
    expect(facts.text).toBe('Berita slot gacor');
  });
});

describe('headings', () => {
  it('collects h1–h6 with collapsed text in document order', () => {
    const facts = gatherPage(page('<h1> Pemerintah\n Kota </h1><div><h3>Berita <small>Terkini</small></h3></div><h6></h6><h2>PPID</h2>'), ctxFor());
    expect(facts.headings).toEqual([
      { level: 1, text: 'Pemerintah Kota' },
      { level: 3, text: 'Berita Terkini' },
      { level: 6, text: '' },
      { level: 2, text: 'PPID' },
    ]);
  });

  it('cuts each heading to 200 characters and keeps at most 100 headings', () => {
    const body = `<h2>${'x'.repeat(500)}</h2>` + '<h3>judul</h3>'.repeat(150);
    const { headings } = gatherPage(page(body), ctxFor());
    expect(headings).toHaveLength(100);
    expect(headings[0]!.text).toHaveLength(200);
  });
});

describe('images', () => {
  it('counts images and those without a non-empty alt', () => {
    const facts = gatherPage(
      page('<img src="a.jpg" alt="Wali Kota"><img src="b.jpg"><img src="c.jpg" alt=""><img src="d.jpg" alt="   "><svg><image href="e.png"/></svg>'),
      ctxFor(),
    );
    expect(facts.images).toEqual({ total: 4, withoutAlt: 3 });
  });
});

describe('collapse', () => {
  it('turns every run of whitespace and invisible format characters into one space', () => {
    const cases: Array<[string, string]> = [
      ['Pelayanan  Publik', 'Pelayanan Publik'],
      ['  Berita\tTerkini\n', 'Berita Terkini'],
      ['Dinas\u00a0Kesehatan', 'Dinas Kesehatan'],
      ['PP\u200bID Kota', 'PP ID Kota'],
      ['Sudah rapi', 'Sudah rapi'],
      [' satu spasi di tepi ', 'satu spasi di tepi'],
      ['\u2060', ''],
      ['', ''],
    ];
    for (const [raw, want] of cases) expect(collapse(raw), JSON.stringify(raw)).toBe(want);
  });
});
