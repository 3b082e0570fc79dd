import { describe, expect, it } from 'vitest';
import { parseDetector, registerDetector, runDetectors, runIndicators, type AuditRecord, type DetectorConfig } from '../../src/indicators/index.ts';
import { compileKeyword, IndexCache, KeywordSet, TextIndex } from '../../src/indicators/text.ts';
import { hostMatches } from '../../src/indicators/detectors/platforms.ts';
import { cityFromHtml, FIXTURE_PORTAL } from './helpers.ts';
import { z } from 'zod';

const html = (body: string, head = '') => `<!doctype html><html lang="id"><head><title>Halaman Uji Kota Contoh</title>${head}</head><body>${body}</body></html>`;

async function detect(config: unknown, pages: string[], audits?: AuditRecord[]) {
  const parsed = parseDetector(config);
  expect(parsed.issues).toEqual([]);
  const city = cityFromHtml(pages.map((h, i) => ({ url: i === 0 ? FIXTURE_PORTAL : `${FIXTURE_PORTAL}p${i}`, html: h })));
  return (await runDetectors([parsed.config as DetectorConfig], city, audits))[0]!;
}

describe('keyword matching', () => {
  const idx = new TextIndex('Layanan SP4N-LAPOR! dan Pengaduan Online — Informasi Públik, laporan keuangan');
  it('matches whole words, ignoring case, punctuation and accents', async () => {
    expect(idx.has(compileKeyword('lapor'))).toBe(true);
    expect(idx.has(compileKeyword('sp4n-lapor'))).toBe(true);
    expect(idx.has(compileKeyword('informasi publik'))).toBe(true);
    expect(idx.has(compileKeyword('PENGADUAN ONLINE'))).toBe(true);
  });
  it('does not match inside longer words unless the keyword ends with *', async () => {
    expect(idx.has(compileKeyword('adu'))).toBe(false);
    expect(idx.has(compileKeyword('lapora'))).toBe(false);
    expect(idx.has(compileKeyword('pengadu*'))).toBe(true);
    expect(idx.has(compileKeyword('laporan keu*'))).toBe(true);
  });
  it('matches host patterns for platforms', async () => {
    expect(hostMatches('lapor.go.id', 'www.lapor.go.id')).toBe(true);
    expect(hostMatches('lapor.go.id', 'notlapor.go.id')).toBe(false);
    expect(hostMatches('lpse.*', 'lpse.kotacontoh.go.id')).toBe(true);
    expect(hostMatches('lpse.*', 'www.lpse.jayapurakota.go.id')).toBe(true);
    expect(hostMatches('lpse.*', 'elpse.kotacontoh.go.id')).toBe(false);
  });
});

describe('keyword prefilter', () => {
  const filter = new KeywordSet([['informasi publik', 'ppid'], 'pengadu*']);
  it("rules out plain text that contains no keyword's first word", () => {
    expect(filter.mayMatch('Berita Kota Contoh: Festival Kuliner 2026')).toBe(false);
    expect(filter.mayMatch('https://kotacontoh.go.id/berita/festival')).toBe(false);
  });
  it('lets through text that may match, whatever its case, and any text that is not plain ASCII', () => {
    expect(filter.mayMatch('Layanan PPID Kota')).toBe(true);
    expect(filter.mayMatch('Pengaduan Online')).toBe(true);
    expect(filter.mayMatch('INFORMASI PUBLIK')).toBe(true);
    expect(filter.mayMatch('Informasi Públik')).toBe(true);
    // A substring is only a candidate: the token match still decides.
    expect(filter.mayMatch('Informasinya')).toBe(true);
    expect(new TextIndex('Informasinya').has(compileKeyword('informasi publik'))).toBe(false);
  });
  it('finds a keyword as whole words only after the quick test', () => {
    const cache = new IndexCache();
    expect(filter.anyIn('Layanan PPID Kota', cache)).toBe(true);
    expect(filter.anyIn('Informasinya', cache)).toBe(false);
    expect(filter.anyIn('Berita Kota Contoh', cache)).toBe(false);
    expect(new KeywordSet([]).anyIn('PPID', cache)).toBe(false);
  });
  it('keeps each set its own answer for a text seen again', () => {
    const cache = new IndexCache();
    const complaints = new KeywordSet(['pengaduan', 'lapor']);
    const budget = new KeywordSet(['apbd', ['anggaran', 'keuangan']]);
    for (let page = 0; page < 3; page++) {
      // A menu label met on every page by several sets.
      expect(complaints.anyIn('Pengaduan Masyarakat', cache)).toBe(true);
      expect(budget.anyIn('Pengaduan Masyarakat', cache)).toBe(false);
      expect(budget.anyIn('Laporan Keuangan Daerah', cache)).toBe(true);
      expect(complaints.anyIn('Laporan Keuangan Daerah', cache)).toBe(false);
      cache.nextPage();
    }
  });
  it('compiles a rubric list once, whichever city uses it', () => {
    const list = ['ppid', ['informasi publik']];
    expect(KeywordSet.of(list)).toBe(KeywordSet.of(list));
    expect(KeywordSet.of(undefined).empty).toBe(true);
  });
});

describe('keywords detector', () => {
  const login = { kind: 'keywords', in: ['link_text', 'link_url'], any: ['login', 'masuk'], exclude: ['admin', ['pegawai', 'asn']] };
  it('vetoes staff links by text or URL', async () => {
    const staff = html('<a href="/admin/login">Masuk</a> <a href="https://simpeg.kotacontoh.go.id/login">Login Pegawai</a>');
    expect((await detect(login, [staff])).met).toBe(false);
    const citizen = html('<a href="/admin/login">Masuk</a> <a href="/akun/login">Login Warga</a>');
    const r = (await detect(login, [citizen]));
    expect(r.met).toBe(true);
    expect(r.evidence[0]!.text).toContain('/akun/login');
  });
  it('does not let "admin" veto "administrasi"', async () => {
    expect((await detect(login, [html('<a href="/layanan-administrasi/login">Masuk layanan administrasi kependudukan</a>')])).met).toBe(true);
  });
  it('ignores hidden links (injected spam hides its links)', async () => {
    expect((await detect({ kind: 'keywords', in: ['link_text'], any: ['ppid'] }, [html('<div style="display:none"><a href="/ppid">PPID</a></div>')])).met).toBe(false);
  });
  it('gives partial credit by distinct groups, not by synonyms', async () => {
    const cfg = { kind: 'keywords', in: ['headings'], any: [['visi', 'misi'], 'sejarah', 'lambang'], min: 3, partial: true };
    const r = (await detect(cfg, [html('<h2>Visi</h2><h2>Misi</h2><h2>Sejarah</h2>')]));
    expect(r.met).toBe(false);
    expect(r.value).toBeCloseTo(2 / 3);
  });
  it('caps evidence at three rows of at most 160 characters', async () => {
    const long = 'Pengaduan '.repeat(40);
    const links = Array.from({ length: 6 }, (_, i) => `<a href="/p${i}">${long}${i}</a>`).join('');
    const r = (await detect({ kind: 'keywords', in: ['link_text'], any: ['pengaduan', 'aduan', 'lapor', 'keluhan'], min: 1 }, [html(links + '<a href="/l">Lapor</a><a href="/k">Keluhan</a><a href="/a">Aduan</a>')]));
    expect(r.evidence.length).toBe(3);
    for (const e of r.evidence) expect(e.text.length).toBeLessThanOrEqual(160);
  });
});

describe('form detector', () => {
  it('never takes a site search box for a payment form, whatever heading sits above it', async () => {
    const cfg = { kind: 'form', form: 'payment', words: [['bayar', 'qris', 'retribusi']] };
    const search = html('<h2>Retribusi Pasar Kini Non-Tunai, Cukup Pindai QRIS</h2><form role="search" method="get" action="/"><input type="search" name="s"><button>Cari</button></form>');
    expect((await detect(cfg, [search])).met).toBe(false);
    const pay = html('<h2>Bayar Retribusi</h2><form method="post" action="/bayar"><label for="k">Kode Bayar</label><input id="k" name="kode"><button>Bayar</button></form>');
    expect((await detect(cfg, [pay])).met).toBe(true);
  });
  it('counts a form repeated in every page header once', async () => {
    const form = '<form method="post" action="/aduan"><textarea name="isi"></textarea><button>Kirim Pengaduan</button></form>';
    const r = (await detect({ kind: 'form', form: 'complaint', min: 2 }, [html(form), html(form)]));
    expect(r.met).toBe(false);
  });
});

describe('documents, freshness and audits', () => {
  it('counts documents of the current or previous year only', async () => {
    const cfg = { kind: 'documents', any: ['apbd'], max_age_years: 1 };
    expect((await detect(cfg, [html('<a href="/apbd-2025.pdf">APBD 2025</a>')])).met).toBe(true);
    expect((await detect(cfg, [html('<a href="/apbd-2023.pdf">APBD 2023</a>')])).met).toBe(false);
    expect((await detect(cfg, [html('<a href="/apbd.pdf">APBD</a>')])).met).toBe(false);
  });
  it('gives tiered credit for older updates', async () => {
    const cfg = { kind: 'freshness', within_days: 30, tiers: [{ days: 90, value: 0.5 }, { days: 365, value: 0.2 }] };
    const at = async (d: string) => (await detect(cfg, [html(`<article><p>Diposting ${d}</p></article>`)]));
    expect(await at('10 Maret 2026')).toMatchObject({ met: true, value: 1 });
    expect(await at('10 Januari 2026')).toMatchObject({ met: false, value: 0.5 });
    expect(await at('10 Juli 2025')).toMatchObject({ met: false, value: 0.2 });
    expect(await at('10 Juli 2023')).toMatchObject({ met: false, value: 0 });
  });
  it('reports audits as not assessed when none were run', async () => {
    const cfg = { kind: 'audit', metric: 'performance', min: 50 };
    expect((await detect(cfg, [html('')])).met).toBeNull();
    expect((await detect(cfg, [html('')], [{ url: FIXTURE_PORTAL, performance: 40 }, { url: FIXTURE_PORTAL, performance: 70 }, { url: FIXTURE_PORTAL, performance: 90 }])).met).toBe(true);
  });
  it('never guesses manual indicators', async () => {
    const r = (await detect({ kind: 'manual', how: 'send a test e-mail' }, [html('<a href="mailto:a@b.go.id">email</a>')]));
    expect(r.met).toBeNull();
    expect(r.note).toContain('send a test e-mail');
  });
});

describe('any_of / all_of', () => {
  it('combines detectors and validates the nested ones', async () => {
    const bad = parseDetector({ kind: 'any_of', detectors: [{ kind: 'keywords', in: ['link_text'] }, { kind: 'platfroms', hosts: ['x.go.id'] }] });
    expect(bad.issues.map((i) => i.path.join('.'))).toEqual(['detectors.0.any', 'detectors.1.kind']);
    expect(bad.issues[1]!.message).toContain('did you mean "platforms"');
    const cfg = { kind: 'all_of', detectors: [{ kind: 'platforms', hosts: ['lapor.go.id'] }, { kind: 'keywords', in: ['link_text'], any: ['lapor'] }] };
    expect((await detect(cfg, [html('<a href="https://lapor.go.id">LAPOR!</a>')])).met).toBe(true);
    expect((await detect(cfg, [html('<a href="https://lapor.go.id">Pengaduan</a>')])).met).toBe(false);
  });
});

describe('engine', () => {
  it('skips pages flagged as compromised and pages that failed', async () => {
    const city = (flags: string[]) =>
      cityFromHtml([
        { url: FIXTURE_PORTAL, html: html('<p>Beranda</p>') },
        { url: `${FIXTURE_PORTAL}slot`, html: html('<a href="https://lapor.go.id">LAPOR</a>'), flags },
        { url: `${FIXTURE_PORTAL}gone`, html: html('<a href="https://lapor.go.id">LAPOR</a>'), status: 404 },
      ]);
    const spec = { id: 'x', criterion: 'aspiration', points: 2, detect: { kind: 'platforms', hosts: ['lapor.go.id'] } };
    // A doorway or a defaced page is the attacker's: it earns nothing.
    expect((await runIndicators([spec], city(['gambling_spam', 'spam_page'])))[0]!.met).toBe(false);
    expect((await runIndicators([spec], city(['defacement'])))[0]!.met).toBe(false);
    // A city page that carried injected links (removed by the flag stage) is still the city's.
    expect((await runIndicators([spec], city(['gambling_spam'])))[0]).toMatchObject({ met: true, points: 2 });
    expect((await runIndicators([spec], city([])))[0]).toMatchObject({ met: true, points: 2 });
  });
  it('finds the front page by its address even when the crawl read another page first', async () => {
    const city = cityFromHtml(
      [
        { url: `${FIXTURE_PORTAL}berita/1`, html: html('<p>Berita</p>') },
        { url: FIXTURE_PORTAL, html: html('<p>Beranda</p>', '<meta name="viewport" content="width=device-width, initial-scale=1">') },
      ],
      { portal: FIXTURE_PORTAL },
    );
    const spec = { id: 'x', criterion: 'display', points: 1, detect: { kind: 'page', check: 'viewport' } };
    const [r] = await runIndicators([spec], city);
    expect(r).toMatchObject({ met: true, evidence: [{ url: FIXTURE_PORTAL }] });
  });
  it('assesses nothing on an unreachable portal', async () => {
    const city = { ...cityFromHtml([]), portal: FIXTURE_PORTAL, reachable: false, portalReason: 'dns' };
    const [r] = (await runIndicators([{ id: 'x', criterion: 'update', points: 1, detect: { kind: 'freshness', within_days: 30 } }], city));
    expect(r).toMatchObject({ met: null, points: null });
    expect(r!.note).toContain('dns');
  });
  it('runs a registered typed detector kind', async () => {
    registerDetector({
      kind: 'test_many_pages',
      schema: z.strictObject({ kind: z.literal('test_many_pages'), pages: z.number().int() }),
      start: (c) => {
        let seen = 0;
        return { page: () => void seen++, finish: () => ({ met: seen >= c.pages, evidence: [] }) };
      },
      summary: (c) => `≥ ${c.pages} pages`,
    });
    expect((await detect({ kind: 'test_many_pages', pages: 2 }, [html(''), html('')])).met).toBe(true);
    expect((await detect({ kind: 'test_many_pages', pages: 3 }, [html(''), html('')])).met).toBe(false);
    expect(parseDetector({ kind: 'test_many_pages', pages: 'two' }).issues[0]!.path).toEqual(['pages']);
  });
});
