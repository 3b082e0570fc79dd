import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupBroken } from '../../src/report/html/broken-links.ts';
import { renderReport } from '../../src/report/html/render.ts';
import { toIndonesian } from '../../src/report/html/translate.ts';
import { readRun } from '../../src/report/read-run.ts';
import { writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});

describe('the Indonesian report speaks Indonesian', () => {
  const names = [
    { en: 'complaint form', id: 'formulir pengaduan' },
    { en: 'e-mail, WhatsApp or chat contact', id: 'kontak e-mail, WhatsApp atau chat' },
    { en: 'contact channels', id: 'saluran kontak' },
    { en: 'citizen login', id: 'akun / login warga' },
  ];
  it('translates phase_reason with the rubric\'s Indonesian names', () => {
    const r = toIndonesian(
      'interaction: complaint form, e-mail, WhatsApp or chat contact; missing for transaction: one of (2 more of (citizen login | online payment) | citizen login); compromised: 2 pages with injected gambling links, judged without them (e.g. https://x.go.id/)',
      names,
    );
    expect(r).toBe(
      'tahap interaksi: formulir pengaduan, kontak e-mail, WhatsApp atau chat; kurang untuk tahap transaksi: salah satu dari (2 lagi dari (akun / login warga | online payment) | akun / login warga); disusupi: 2 halaman dengan tautan judi yang disusupkan, dinilai tanpa tautan itu (mis. https://x.go.id/)',
    );
  });
  it('translates the notes of indicators and leaves quoted page text alone', () => {
    expect(toIndonesian('none of: ppid; informasi publik / …')).toBe('tidak ada: ppid; informasi publik / …');
    expect(toIndonesian('no link to lapor.go.id')).toBe('tidak ada tautan ke lapor.go.id');
    expect(toIndonesian('not measured (run with --lighthouse)')).toBe('tidak diukur (jalankan dengan --lighthouse)');
    expect(toIndonesian('5 Maret 2021 (2021-03-05, 2089 days before the crawl)')).toBe('5 Maret 2021 (2021-03-05, 2089 hari sebelum perayapan)');
    expect(toIndonesian('h1: Standar Pelayanan Perizinan')).toBe('h1: Standar Pelayanan Perizinan');
  });
  it('shows partial credit as partial, in a report whose evidence and reasons are Indonesian', async () => {
    const f = await writeFakeOutput({ runs: 1 });
    made.push(f);
    const run = await readRun(join(f.out, f.latest));
    const partial = run.criteria.find((r) => Number(r.points) > 0 && Number(r.points) < Number(r.max_points));
    const id = renderReport({ run, lang: 'id', toolVersion: '0.0.0' });
    const en = renderReport({ run, lang: 'en', toolVersion: '0.0.0' });
    if (partial) {
      expect(id).toContain('◐ sebagian');
      expect(en).toContain('◐ partly met');
    }
    expect(id).not.toMatch(/missing for (interaction|transaction|transformation)/);
  });
});

describe('broken links, grouped', () => {
  it('counts distinct linking pages per target and lists every city', () => {
    const row = (city: string, target: string, source: string) => ({ city_id: city, status: 'broken', target_url: target, source_url: source, reason: 'http_404', http_status: '404' });
    const g = groupBroken(
      [
        row('a', 'https://a.go.id/x.pdf', 'https://a.go.id/1'),
        row('a', 'https://a.go.id/x.pdf', 'https://a.go.id/2'),
        row('a', 'https://a.go.id/x.pdf', 'https://a.go.id/2'),
        row('a', 'https://a.go.id/y', 'https://a.go.id/1'),
        row('b', 'https://b.go.id/z', 'https://b.go.id/'),
        { ...row('b', 'https://b.go.id/ok', 'https://b.go.id/'), status: 'redirected' },
      ],
      ['a', 'b', 'c'],
    );
    expect(g.map((c) => [c.cityId, c.rows, c.targets.map((t) => `${t.target} ${t.pages}`)])).toEqual([
      ['a', 4, ['https://a.go.id/x.pdf 2', 'https://a.go.id/y 1']],
      ['b', 1, ['https://b.go.id/z 1']],
      ['c', 0, []],
    ]);
  });
});
