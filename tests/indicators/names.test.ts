// What counts as an organisation's name around a keyword, on the shapes real menus and slugs take.
import { describe, expect, it } from 'vitest';
import { inAgencyName, senseFits } from '../../src/indicators/names.ts';
import { compileKeyword, IndexCache, TextIndex } from '../../src/indicators/text.ts';

function named(text: string, keyword: string): boolean[] {
  const idx = new TextIndex(text);
  return idx.findAll(compileKeyword(keyword)).map((span) => inAgencyName(idx, span));
}

describe('inAgencyName', () => {
  it('reads office names in title case, capitals and lower-case slugs', () => {
    expect(named('Dinas Pariwisata', 'pariwisata')).toEqual([true]);
    expect(named('DINAS KEBUDAYAAN, PARIWISATA, PEMUDA DAN OLAHRAGA', 'pariwisata')).toEqual([true]);
    expect(named('Badan Pengelola Pajak dan Retribusi Daerah', 'retribusi')).toEqual([true]);
    expect(named('Dinas Penanaman Modal dan PTSP', 'penanaman modal')).toEqual([true]);
    expect(named('kotacontoh.go.id /opd/dinas-pariwisata', 'pariwisata')).toEqual([true]);
    expect(named('UPT Puskesmas Kecamatan Kota', 'puskesmas')).toEqual([true]);
  });

  it('leaves offers alone, also when an office is named before them', () => {
    expect(named('Destinasi Wisata Unggulan', 'wisata')).toEqual([false]);
    expect(named('Dinas Pariwisata: Destinasi Wisata', 'wisata')).toEqual([false]);
    expect(named('Badan usaha dapat mengurus perizinan secara daring', 'perizinan')).toEqual([false]);
    expect(named('Dinas Pariwisata mengajak warga ke objek pariwisata baru', 'pariwisata')).toEqual([true, false]);
    expect(named('dinas kominfo buka pelatihan umkm untuk warga', 'umkm')).toEqual([false]);
    expect(named('Pariwisata', 'pariwisata')).toEqual([false]);
  });
});

describe('senseFits', () => {
  const senses = { ikm: { not_with: ['industri', 'produk'] }, kk: { with: ['layanan', 'kartu keluarga'] } };
  const cache = new IndexCache();
  const at = (text: string, word: string) => new TextIndex(text).find(compileKeyword(word))!;
  it('takes an ambiguous keyword in the sense its context gives', () => {
    expect(senseFits(senses, 'Nilai IKM 2025', at('Nilai IKM 2025', 'ikm'), 'Nilai IKM 2025', cache)).toBe(true);
    expect(senseFits(senses, 'Produk IKM', at('Produk IKM', 'ikm'), 'Produk IKM', cache)).toBe(false);
    expect(senseFits(senses, 'KK', at('KK', 'kk'), 'KK kota go id layanan kk', cache)).toBe(true);
    expect(senseFits(senses, 'Jumlah KK', at('Jumlah KK', 'kk'), 'Jumlah KK statistik', cache)).toBe(false);
    expect(senseFits(senses, 'PBB', at('PBB', 'pbb'), 'PBB', cache)).toBe(true);
  });
});
