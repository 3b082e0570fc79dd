import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/report/csv.ts';
import { num, parseCsv, tableFromCsv, unneutralise } from '../../src/report/read-run.ts';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'a,b,c\r\n"x, y","say ""halo""","baris 1\nbaris 2"\r\n1,,3';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "halo"', 'baris 1\nbaris 2'],
      ['1', '', '3'],
    ]);
  });

  it('drops the byte-order mark and accepts a final line break or none', () => {
    expect(parseCsv('\uFEFFkota,skor\nMedan,70\n')).toEqual([['kota', 'skor'], ['Medan', '70']]);
    expect(parseCsv('kota,skor\nMedan,70')).toEqual([['kota', 'skor'], ['Medan', '70']]);
  });

  it('keeps an empty quoted field and a trailing empty field', () => {
    expect(parseCsv('a,b\n"",\n')).toEqual([['a', 'b'], ['', '']]);
  });

  it('reads back what toCsv wrote, formula neutralisation undone', () => {
    const rows = [
      { city_name: 'Kota Bandung', title: '=HYPERLINK("http://evil")', note: 'Jl. Merdeka, No. "5"\nlantai 2', score: -3.5 },
      { city_name: 'Kota Bogor', title: '@SUM(A1)', note: '', score: 71.25 },
    ];
    const t = tableFromCsv(toCsv(['city_name', 'title', 'note', 'score'], rows));
    expect(t.columns).toEqual(['city_name', 'title', 'note', 'score']);
    expect(t.rows).toEqual([
      { city_name: 'Kota Bandung', title: '=HYPERLINK("http://evil")', note: 'Jl. Merdeka, No. "5"\nlantai 2', score: '-3.5' },
      { city_name: 'Kota Bogor', title: '@SUM(A1)', note: '', score: '71.25' },
    ]);
  });

  it('unneutralise only removes the apostrophe the writer added', () => {
    expect(unneutralise("'=1+1")).toBe('=1+1');
    expect(unneutralise("'tis")).toBe("'tis");
    expect(num('')).toBeNull();
    expect(num('abc')).toBeNull();
    expect(num('72.5')).toBe(72.5);
  });
});
