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

  it('keeps the whole text of a long page; past maxText its start and its end, with the cut recorded', () => {
    const long = 'kata '.repeat(2000).trim(); // 9999 characters
    const cutTo10 = gatherPage(page(`<p>${long}</p>`), ctxFor(undefined, { maxText: 10 }));
    expect(cutTo10.textLength).toBe(9999);
    expect(cutTo10.text).toBe('kata kata ');
    expect(cutTo10.cut).toEqual({ textKept: 10 });
    const byDefault = gatherPage(page(`<p>${long}</p>`), ctxFor());
    expect(byDefault.text).toBe(long);
    expect(byDefault.cut).toBeUndefined();
    // Past the cap the footer survives: the start and the last 20,000 characters are kept.
    const huge = `<p>${'berita '.repeat(40_000)}</p><footer>Email: humas@kota.go.id</footer>`;
    const facts = gatherPage(page(huge), ctxFor(undefined, { maxText: 50_000 }));
    expect(facts.text.length).toBe(50_000);
    expect(facts.text.endsWith('Email: humas@kota.go.id')).toBe(true);
    expect(facts.text).toContain(' … ');
    expect(facts.cut?.textKept).toBe(50_000);
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

  it('cuts each heading to 200 characters and keeps the headings of a long front page (up to 2000)', () => {
    const body = `<h2>${'x'.repeat(500)}</h2>` + '<h3>judul</h3>'.repeat(150) + '<h2>Pengaduan</h2>';
    const { headings, cut } = gatherPage(page(body), ctxFor());
    expect(headings).toHaveLength(152);
    expect(headings[0]!.text).toHaveLength(200);
    expect(headings.at(-1)!.text).toBe('Pengaduan');
    expect(cut).toBeUndefined();
    const many = gatherPage(page('<h3>judul</h3>'.repeat(2100)), ctxFor());
    expect(many.headings).toHaveLength(2000);
    expect(many.cut).toEqual({ headingsKept: 2000, headingCount: 2100 });
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
