import { describe, expect, it } from 'vitest';
import { DATE_RE, dateMatches, findDates, parseDateText } from '../../src/gather/dates.ts';

// 12:00 WIB on Tuesday 10 March 2026.
const NOW = new Date('2026-03-10T05:00:00Z');

// [input, first date found, source]
const POSITIVE: [string, string, 'text' | 'relative'][] = [
  // Indonesian day-month-year, full and short month names, old spellings
  ['Senin, 12 Februari 2024', '2024-02-12', 'text'],
  ['12 Pebruari 2024', '2024-02-12', 'text'],
  ['3 Nopember 2023', '2023-11-03', 'text'],
  ['12 Feb 2024', '2024-02-12', 'text'],
  ['12 Agt 2024', '2024-08-12', 'text'],
  ['12 Agu 2024', '2024-08-12', 'text'],
  ['12 Ags 2024', '2024-08-12', 'text'],
  ['5 Sept 2023', '2023-09-05', 'text'],
  ['1 Mei 2024', '2024-05-01', 'text'],
  ['25 Des 2023', '2023-12-25', 'text'],
  ['17 Okt 2022', '2022-10-17', 'text'],
  ['Rabu, 22 Maret 2017', '2017-03-22', 'text'],
  ['SENIN, 12 FEBRUARI 2024', '2024-02-12', 'text'],
  ['Sabtu, 29 Februari 2020', '2020-02-29', 'text'],
  ['Ahad, 5 Juni 2022', '2022-06-05', 'text'],
  ['Jum`at, 7 Juli 2023', '2023-07-07', 'text'],
  ['15 Desember 1995', '1995-12-15', 'text'],
  ['12 Feb. 2024', '2024-02-12', 'text'],
  ['12-Feb-2024', '2024-02-12', 'text'],
  // bylines as real portals print them
  ["Jum'at, 3 Nopember 2023 14:05 WIB", '2023-11-03', 'text'],
  ['Jumat, 30 November 2018, 11:02:35 | Dibaca: 13140', '2018-11-30', 'text'],
  ['Senin, 18 September 2023 17:05 WIB', '2023-09-18', 'text'],
  ['Jumat, 6 Mar 2026 14:39', '2026-03-06', 'text'],
  ['Selasa, 09 Januari 2024 | 08:30 WITA', '2024-01-09', 'text'],
  ['Kamis, 01 Agustus 2019 - 10:00', '2019-08-01', 'text'],
  ['pukul 19.30 WIB, Minggu, 4 Agustus 2024', '2024-08-04', 'text'],
  ['Diposting pada 1 Januari 2020 oleh Admin', '2020-01-01', 'text'],
  ['10 Juli 2024 | Dibaca 1.234 kali', '2024-07-10', 'text'],
  // numeric, always day first
  ['07-05-2018 09:49 WIB', '2018-05-07', 'text'],
  ['31/03/2021, 19:51 WIB', '2021-03-31', 'text'],
  ['12/02/2024', '2024-02-12', 'text'],
  ['1/2/2024', '2024-02-01', 'text'],
  ['12.02.2024', '2024-02-12', 'text'],
  ['Senin (19/2/2024)', '2024-02-19', 'text'],
  ['Jumat (16/2/2024)', '2024-02-16', 'text'],
  // ISO and Y/M/D
  ['2024-02-12', '2024-02-12', 'text'],
  ['2024-02-12T08:00:00+07:00', '2024-02-12', 'text'],
  ['2024-02-12 08:00:00', '2024-02-12', 'text'],
  ['2024/02/12', '2024-02-12', 'text'],
  // English
  ['February 12, 2024', '2024-02-12', 'text'],
  ['Feb 12, 2024', '2024-02-12', 'text'],
  ['Sep 30 2024', '2024-09-30', 'text'],
  ['12th February 2024', '2024-02-12', 'text'],
  ['1st March 2024', '2024-03-01', 'text'],
  ['March 3rd, 2024', '2024-03-03', 'text'],
  ['Published On: 26th November, 2025', '2025-11-26', 'text'],
  ['Last updated: Oct 5, 2025', '2025-10-05', 'text'],
  // tomorrow is still allowed (time zones), see the negative table for the day after
  ['11 Mar 2026', '2026-03-11', 'text'],
  // relative
  ['2 hari yang lalu', '2026-03-08', 'relative'],
  ['3 jam lalu', '2026-03-10', 'relative'],
  ['5 menit yang lalu', '2026-03-10', 'relative'],
  ['6 bulan yang lalu', '2025-09-10', 'relative'],
  ['1 tahun yang lalu', '2025-03-10', 'relative'],
  ['sehari yang lalu', '2026-03-09', 'relative'],
  ['3 minggu yang lalu', '2026-02-17', 'relative'],
  ['10 jam yg lalu', '2026-03-09', 'relative'],
  ['Diposting 2 hari yang lalu oleh Admin', '2026-03-08', 'relative'],
  ['2 days ago', '2026-03-08', 'relative'],
  ['an hour ago', '2026-03-10', 'relative'],
  ['3 weeks ago', '2026-02-17', 'relative'],
  ['kemarin', '2026-03-09', 'relative'],
  ['Kemarin', '2026-03-09', 'relative'],
  ['baru saja', '2026-03-10', 'relative'],
  ['minggu lalu', '2026-03-03', 'relative'],
  ['yesterday', '2026-03-09', 'relative'],
  ['Diperbarui kemarin, pukul 14.05 WIB', '2026-03-09', 'relative'],
  // year-less datelines: the most recent such day not after now
  ['Kamis (29/11)', '2025-11-29', 'text'],
  ['Rabu (16/10)', '2025-10-16', 'text'],
  ['Selasa (10/3)', '2026-03-10', 'text'],
  ['Rabu (11/3)', '2025-03-11', 'text'],
  ['Minggu (29/2)', '2024-02-29', 'text'],
];

const NEGATIVE: string[] = [
  // impossible or placeholder dates
  '31/02/2024',
  '30 Februari 2024',
  '29 Februari 2023',
  '00/00/0000',
  'Senin 00/00/0000 00:00 WIB | oleh Warta',
  '2024-13-01',
  '13/13/2023',
  '12/31/2024', // US order is not swapped
  // too old, too new
  '12 Februari 1994',
  '1990-05-01',
  '12 Maret 2026',
  '25 Desember 2030',
  // Hijri and Javanese calendars
  '6 Dzulhijjah 932 H',
  '1 Ramadhan 1445 H',
  'Kamis Pon',
  // bare years and numbers
  '2024',
  'Hak Cipta © 2024 Pemerintah Kota Medan',
  'Tahun Anggaran 2024',
  'Perda No. 5 Tahun 2023',
  'Periode 2021-2026',
  'Semester 2 2023/2024',
  '0812-3456-7890',
  '(061) 4512412',
  'Telp. 031-5312144',
  '1.062.235',
  'Rp 12.500.000',
  'NIP 19800212 200501 1 003',
  'versi 2.3.1',
  'v2023.1.2',
  '1.2.2024',
  'halaman 1/2',
  // times alone, dates without a year, a dateline without a weekday
  '14:05',
  '19.30 WIB',
  '12 Feb',
  'Jan 2024',
  '(29/11)',
  // relative words in running prose
  'Rapat kemarin membahas anggaran perubahan',
  'Jembatan itu baru saja diresmikan oleh Wali Kota',
  'Minggu lalu, Wali Kota meninjau lokasi banjir',
  'yesterday we opened the new office',
];

describe('findDates', () => {
  it.each(POSITIVE)('reads %j as %s', (input, iso, source) => {
    const [first] = findDates(input, NOW);
    expect(first).toBeDefined();
    expect(first!.iso).toBe(iso);
    expect(first!.source).toBe(source);
  });

  it.each(NEGATIVE)('finds no date in %j', (input) => {
    expect(findDates(input, NOW)).toEqual([]);
  });

  it('takes the year of a year-less dateline from the page when given', () => {
    expect(findDates('Kamis (29/11)', NOW, { pageYear: 2024 })[0]?.iso).toBe('2024-11-29');
    expect(findDates('Rabu (16/10)', NOW, { pageYear: 2023 })[0]?.iso).toBe('2023-10-16');
    // The page year does not make an impossible or future day possible.
    expect(findDates('Kamis (29/2)', NOW, { pageYear: 2023 })).toEqual([]);
    expect(findDates('Kamis (29/11)', NOW, { pageYear: 2026 })).toEqual([]);
  });

  it('returns every date of a text in order, once per date and source, with its own text', () => {
    const text =
      'Wali Kota Resmikan MPP Senin, 19 Februari 2024 | Rapat Banjir 14 Pebruari 2024 | ' +
      'Senin (19/2/2024) ... 2 hari yang lalu ... 19/02/2024';
    expect(findDates(text, NOW)).toEqual([
      { iso: '2024-02-19', text: '19 Februari 2024', source: 'text' },
      { iso: '2024-02-14', text: '14 Pebruari 2024', source: 'text' },
      { iso: '2026-03-08', text: '2 hari yang lalu', source: 'relative' },
    ]);
  });

  it('keeps reading after a placeholder date', () => {
    expect(findDates('Senin 00/00/0000 00:00 WIB, diperbarui 07-05-2018 09:49 WIB', NOW).map((d) => d.iso)).toEqual([
      '2018-05-07',
    ]);
  });

  it('clamps month arithmetic to the end of a shorter month', () => {
    expect(findDates('6 bulan yang lalu', new Date('2025-08-31T03:00:00Z'))[0]?.iso).toBe('2025-02-28');
    expect(findDates('1 tahun yang lalu', new Date('2024-02-29T03:00:00Z'))[0]?.iso).toBe('2023-02-28');
  });
});

describe('parseDateText', () => {
  it.each([
    ['2024-02-12T08:00:00+07:00', '2024-02-12'],
    ['2024-02-11T23:30:00Z', '2024-02-11'],
    ['Mon, 12 Feb 2024 08:00:00 +0700', '2024-02-12'],
    ['20240212', '2024-02-12'],
    ['  Senin, 12 Februari 2024  ', '2024-02-12'],
    ['kemarin', '2026-03-09'],
  ])('parses %j', (input, iso) => {
    expect(parseDateText(input, NOW)).toBe(iso);
  });

  it.each(['', 'tidak ada tanggal', '20241301', '0000-00-00', '2031-01-01', '12345678'])('rejects %j', (input) => {
    expect(parseDateText(input, NOW)).toBeNull();
  });
});

describe('dateMatches: the anchored search finds exactly what a scan of the whole text finds', () => {
  const scan = (text: string) => [...text.matchAll(new RegExp(DATE_RE.source, 'gi'))].map((m) => [m.index, m[0]]);
  const anchored = (text: string) => [...dateMatches(text)].map((m) => [m.index, m[0]]);

  it('finds each form at its widest, with every optional part at its longest', () => {
    for (const text of [
      'Diposting September.   12th   ,   2024 oleh admin',
      'Kamis, 12th - september.  ,2024',
      'wednesday  ,  ( 29 / 11 )',
      'satu  minggu   yang   lalu',
      'one  seconds  ago',
      '2024-02-12T08:00:00.123+07:00 dan 07-05-2018',
    ]) {
      expect(anchored(text), text).toEqual(scan(text));
      expect(anchored(text).length, text).toBeGreaterThan(0);
    }
  });

  it('agrees on thousands of generated texts full of near-dates', () => {
    // Deterministic: a small LCG, so a failure names a text that can be replayed.
    let seed = 20261123;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const parts = [
      '12 Februari 2024', 'Feb 3, 2023', '3rd March 2021', '2023-11-05', '2024/1/2', '05.06.2022', '1.2.2024',
      'Senin (29/11)', 'Jum’at, (3/4)', '2 hari yang lalu', 'sebulan lalu', '3 days ago', 'an hour ago',
      '(021) 555-0100', 'tahun 2024', 'no. 12345', 'v2023.1.2', 'A2024-01-05', '5september 2024', 'agoda',
      'kalau', 'lalu lintas', 'é', 'Café 12 Mei 2020', '(', ')', '/', '-', '.', ',', ' ', '  ', '\n', '\u00a0',
      'September', 'sept', 'Desember', '31', '2', '2025', 'th', 'x', 'minggu', 'ago', 'lalu', 'yang',
    ];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = 1 + rand(14);
      for (let k = 0; k < n; k++) text += parts[rand(parts.length)]! + (rand(3) === 0 ? '' : ' ');
      expect(anchored(text), JSON.stringify(text)).toEqual(scan(text));
    }
  });
});
