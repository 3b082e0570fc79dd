import { readFileSync } from 'node:fs';
import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { gatherFromDom, gatherPage } from '../../src/gather/index.ts';
import type { PageFacts } from '../../src/gather/types.ts';
import { ctxFor, NOW, page } from './helpers.ts';

const PORTAL = readFileSync(new URL('./fixtures/portal-kota.html', import.meta.url), 'utf8');
const PORTAL_CTX = {
  url: 'https://tanjungsarikota.go.id/',
  isInternal: (u: URL) => u.hostname === 'tanjungsarikota.go.id' || u.hostname.endsWith('.tanjungsarikota.go.id'),
  now: NOW, // Wednesday 21 February 2024, 12:00 WIB
};
const SITE = 'https://tanjungsarikota.go.id';

describe('a realistic Indonesian city portal front page', () => {
  const facts = gatherPage(PORTAL, PORTAL_CTX);

  it('yields the whole set of facts', () => {
    const { text, ...rest } = facts;
    expect(rest).toEqual({
      meta: {
        title: 'Beranda | Pemerintah Kota Tanjung Sari',
        lang: 'id',
        viewport: 'width=device-width, initial-scale=1',
        description: 'Portal resmi Pemerintah Kota Tanjung Sari: berita, layanan publik, PPID dan pengaduan masyarakat.',
        generator: 'WordPress 6.4.3',
        canonical: `${SITE}/`,
        og: {
          title: 'Pemerintah Kota Tanjung Sari',
          type: 'website',
          url: `${SITE}/`,
          image: `${SITE}/wp-content/uploads/2023/01/logo.png`,
          updated_time: '2024-02-19T10:15:00+07:00',
        },
      },
      headings: [
        { level: 2, text: 'Berita Terkini' },
        { level: 3, text: 'Wali Kota Resmikan Mal Pelayanan Publik' },
        { level: 3, text: 'Rapat Koordinasi Penanganan Banjir' },
        { level: 3, text: 'Festival Budaya Tanjung Sari' },
        { level: 2, text: 'Dokumen Publik PPID' },
        { level: 2, text: 'Layanan Online' },
        { level: 2, text: 'Sampaikan Pengaduan Anda' },
        { level: 4, text: 'Kontak' },
      ],
      links: [
        { href: `${SITE}/`, text: 'Logo Kota Tanjung Sari', kind: 'internal' },
        { href: `${SITE}/`, text: 'Beranda', kind: 'internal' },
        { href: `${SITE}/profil/`, text: 'Profil', kind: 'internal' },
        { href: `${SITE}/profil/sejarah/`, text: 'Sejarah', kind: 'internal' },
        { href: `${SITE}/profil/visi-misi/`, text: 'Visi Misi', kind: 'internal' },
        { href: 'https://ppid.tanjungsarikota.go.id/', text: 'PPID', kind: 'internal' },
        { href: `${SITE}/layanan/`, text: 'Layanan', kind: 'internal' },
        { href: `${SITE}/berita/`, text: 'Berita', kind: 'internal' },
        { href: `${SITE}/pengaduan/`, text: 'Pengaduan', kind: 'internal' },
        { href: `${SITE}/kontak/`, text: 'Kontak', kind: 'internal' },
        { href: `${SITE}/berita/2024/02/19/wali-kota-resmikan-mal-pelayanan-publik/`, text: 'Wali Kota Resmikan Mal Pelayanan Publik', kind: 'internal' },
        { href: `${SITE}/berita/2024/02/14/rapat-koordinasi-penanganan-banjir/`, text: 'Rapat Koordinasi Penanganan Banjir', kind: 'internal' },
        { href: `${SITE}/berita/2023/11/03/festival-budaya/`, text: 'Festival Budaya Tanjung Sari', kind: 'internal' },
        { href: `${SITE}/berita/`, text: 'Lihat semua berita', kind: 'internal' },
        { href: `${SITE}/wp-content/uploads/2024/01/APBD%202024.pdf`, text: 'APBD 2024.pdf', kind: 'document' },
        { href: `${SITE}/wp-content/uploads/2023/04/LKPJ_Wali_Kota_2022.PDF?ver=2`, text: 'Laporan Keterangan Pertanggungjawaban', kind: 'document' },
        { href: `${SITE}/unduh.php?file=renstra-2021-2026.xlsx`, text: 'Rencana Strategis', kind: 'document' },
        { href: `${SITE}/wp-content/uploads/2024/01/APBD%202024.pdf`, text: 'Unduh', kind: 'document' },
        { href: 'https://lpse.tanjungsarikota.go.id/eproc4', text: 'LPSE', kind: 'internal' },
        { href: 'https://www.lapor.go.id/', text: 'SP4N-LAPOR!', kind: 'external', rel: 'noopener nofollow' },
        { href: 'https://slot-gacor-hari-ini.example/', text: 'slot gacor', kind: 'external', hidden: true },
        { href: 'https://wa.me/6281234567890', text: 'WhatsApp Pengaduan', kind: 'whatsapp' },
        { href: 'mailto:diskominfo@tanjungsarikota.go.id', text: 'diskominfo@tanjungsarikota.go.id', kind: 'mailto' },
        { href: 'tel:+62751123456', text: '(0751) 123456', kind: 'tel' },
        { href: 'https://www.instagram.com/pemkot.tanjungsari/', text: 'Instagram', kind: 'social' },
      ],
      forms: [
        {
          method: 'get',
          action: `${SITE}/`,
          fields: [
            { name: 's', kind: 'search', label: 'Cari untuk:' },
            { name: '', kind: 'submit', label: 'Cari' },
          ],
          text: 'Cari search form search',
        },
        {
          method: 'post',
          action: `${SITE}/pengaduan/kirim`,
          fields: [
            { name: 'nama', kind: 'text', label: 'Nama Lengkap' },
            { name: 'email', kind: 'email', label: 'Email' },
            { name: 'kategori', kind: 'select', label: 'Kategori' },
            { name: 'isi', kind: 'textarea', label: 'Isi pengaduan' },
            { name: 'lampiran', kind: 'file', label: 'Lampiran foto' },
            { name: '_token', kind: 'hidden' },
            { name: '', kind: 'submit', label: 'Kirim Pengaduan' },
          ],
          text: 'Kirim Pengaduan Sampaikan Pengaduan Anda form pengaduan',
        },
      ],
      documents: [
        { url: `${SITE}/wp-content/uploads/2024/01/APBD%202024.pdf`, text: 'APBD 2024.pdf', type: 'pdf', year: 2024 },
        // No year in the text: the file name gives it.
        { url: `${SITE}/wp-content/uploads/2023/04/LKPJ_Wali_Kota_2022.PDF?ver=2`, text: 'Laporan Keterangan Pertanggungjawaban', type: 'pdf', year: 2022 },
        { url: `${SITE}/unduh.php?file=renstra-2021-2026.xlsx`, text: 'Rencana Strategis', type: 'xlsx', year: 2021 },
      ],
      dates: [
        { iso: '2024-02-19', text: '2024-02-19T10:15:00+07:00', source: 'meta' },
        { iso: '2015-06-01', text: '2015-06-01T08:00:00+07:00', source: 'jsonld' },
        { iso: '2024-02-19', text: '2024-02-19T10:15:00+07:00', source: 'jsonld' },
        // The words around a date in the text come with it, for evidence.
        { iso: '2024-02-19', text: '19 Februari 2024', source: 'text', context: '…Resmikan Mal Pelayanan Publik Senin, 19 Februari 2024 TANJUNG SARI – Wali Kota meresmikan Mal…' },
        { iso: '2024-02-14', text: '14 Pebruari 2024', source: 'text', context: '…Koordinasi Penanganan Banjir Rabu, 14 Pebruari 2024 14:05 WIB Rapat digelar Rabu (14/2) di…' },
        { iso: '2023-11-03', text: '3 Nopember 2023', source: 'text', context: "…Festival Budaya Tanjung Sari Jum'at, 3 Nopember 2023 Lihat semua berita Dokumen Publik PPID…" },
      ],
      newestDate: '2024-02-19',
      textLength: text.length,
      images: { total: 3, withoutAlt: 2 },
      flags: [],
    });
  });

  it('keeps the visible text and nothing from scripts, styles, noscript or templates', () => {
    expect(facts.text.startsWith('Beranda Profil Sejarah Visi Misi PPID Layanan Berita Pengaduan Kontak Cari untuk: Cari Berita Terkini')).toBe(true);
    expect(facts.text).toContain('Senin, 19 Februari 2024 TANJUNG SARI – Wali Kota meresmikan');
    expect(facts.text.endsWith('Hak Cipta © 2024 Pemerintah Kota Tanjung Sari')).toBe(true);
    for (const absent of ['dataLayer', '01/01/2030', 'background', 'Versi tanpa JavaScript', 'Tidak tampil', '@context']) {
      expect(facts.text).not.toContain(absent);
    }
    expect(facts.text.split(' ')).not.toContain('ig'); // the svg icon's <title>
  });

  it('survives JSON serialisation unchanged', () => {
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
  });

  it('gives the same facts from an already parsed document', () => {
    expect(gatherFromDom(load(PORTAL), PORTAL_CTX)).toEqual(facts);
  });
});

function dates(html: string, url = 'https://kota.go.id/berita/detail', now = NOW): Pick<PageFacts, 'dates' | 'newestDate'> {
  const { dates: found, newestDate } = gatherPage(html, ctxFor(url, { now }));
  return newestDate === undefined ? { dates: found } : { dates: found, newestDate };
}

describe('page dates', () => {
  it('reads meta tags, Dublin Core and microdata', () => {
    const head =
      '<meta property="article:published_time" content="2024-02-01T09:00:00+07:00">' +
      '<meta property="article:modified_time" content="2024-02-03T09:00:00+07:00">' +
      '<meta name="date" content="2024-02-04">' +
      '<meta name="DC.date.issued" content="20240205">' +
      '<meta name="dcterms.modified" content="2024-02-06">' +
      '<meta name="dcterms.title" content="Laporan 2024-02-07">' +
      '<meta itemprop="datePublished" content="2024-02-08">';
    const body = '<span itemprop="dateModified" content="2024-02-09">9 Feb</span>';
    expect(dates(page(body, head)).dates.map((d) => [d.iso, d.source])).toEqual([
      ['2024-02-01', 'meta'],
      ['2024-02-03', 'meta'],
      ['2024-02-04', 'meta'],
      ['2024-02-05', 'meta'],
      ['2024-02-06', 'meta'],
      ['2024-02-08', 'meta'],
      ['2024-02-09', 'meta'],
      // "9 Feb" has no year of its own: the article's newest structured date gives it.
      ['2024-02-09', 'text'],
    ]);
  });

  it('reads JSON-LD dates at any depth and survives broken JSON-LD', () => {
    const head =
      '<script type="application/ld+json">{ broken </script>' +
      '<script type="application/ld+json">[{"@type":"NewsArticle","author":{"name":"Humas"},' +
      '"mainEntity":{"datePublished":"2024-01-10"},"dateModified":"2024-01-12T10:00:00+07:00"}]</script>';
    expect(dates(page('', head)).dates).toEqual([
      { iso: '2024-01-10', text: '2024-01-10', source: 'jsonld' },
      { iso: '2024-01-12', text: '2024-01-12T10:00:00+07:00', source: 'jsonld' },
    ]);
  });

  it('reads <time datetime>, and the text of a <time> without one', () => {
    const body = '<time datetime="2024-02-10T08:00:00+07:00">Sabtu</time><time>Jumat, 9 Februari 2024</time>';
    expect(dates(page(body)).dates.filter((d) => d.source === 'time').map((d) => d.iso)).toEqual(['2024-02-10', '2024-02-09']);
  });

  it.each([
    ['https://kota.go.id/2024/02/12/wali-kota-hadiri-rapat/', '2024-02-12', '/2024/02/12'],
    ['https://kota.go.id/index.php/2022/07/14/', '2022-07-14', '/2022/07/14'],
    ['https://mc.kota.go.id/2024/02/rapat-paripurna.html', '2024-02-01', '/2024/02/'],
    ['https://kota.go.id/arsip/2023/11', '2023-11-01', '/2023/11'],
  ])('reads the date in the URL %s', (url, iso, text) => {
    expect(dates(page(''), url).dates).toEqual([{ iso, text, source: 'url' }]);
  });

  it.each(['https://kota.go.id/berita/12345/67', 'https://kota.go.id/produk/2024/13/x', 'https://kota.go.id/galeri/2024'])(
    'finds no date in the URL %s',
    (url) => {
      expect(dates(page(''), url).dates).toEqual([]);
    },
  );

  it('gives year-less datelines the year of the page', () => {
    const head = '<meta property="article:published_time" content="2023-11-30T10:00:00+07:00">';
    // 29 November 2023 was a Wednesday.
    const found = dates(page('<p>MEDAN - Rapat digelar Rabu (29/11) di Balai Kota.</p>', head)).dates;
    expect(found).toContainEqual(expect.objectContaining({ iso: '2023-11-29', text: 'Rabu (29/11)', source: 'text' }));
  });

  it('reads bare relative words only from date labels, not from running text', () => {
    const html = page('<p>Rapat kemarin membahas anggaran.</p><article><span class="post-date">Kemarin</span></article>');
    expect(dates(html).dates).toEqual([{ iso: '2024-02-20', text: 'Kemarin', source: 'relative' }]);
  });

  it('takes the newest date that is not in the future', () => {
    const now = new Date('2024-02-21T05:00:00Z');
    const body = '<p>Senin, 19 Februari 2024</p><p>Kamis, 22 Februari 2024</p><p>2 hari yang lalu</p>';
    const head = '<meta property="article:published_time" content="2024-01-01">';
    const found = dates(page(body, head), undefined, now);
    // Tomorrow is kept as a fact (time zones) but is not the page's newest date.
    expect(found.dates.map((d) => d.iso)).toContain('2024-02-22');
    expect(found.newestDate).toBe('2024-02-19');
  });

  it('counts a date that has begun in Indonesia even while it is the day before in UTC', () => {
    // 23:30 UTC on 20 February is 06:30 WIB on 21 February.
    const found = dates(page('<p>Rabu, 21 Februari 2024</p>'), undefined, new Date('2024-02-20T23:30:00Z'));
    expect(found.newestDate).toBe('2024-02-21');
  });

  it('leaves newestDate out when the page has no plausible date', () => {
    expect(dates(page('<p>Hak Cipta © 2024. Telp (061) 4512412. Senin 00/00/0000 00:00 WIB</p>'))).toEqual({ dates: [] });
  });
});

describe('documents', () => {
  it('prefers a year in the link text over one in the file name, and keeps years in range', () => {
    const facts = gatherPage(
      page(
        '<a href="/files/20231201_upload_2019.pdf">Perwal Nomor 5 Tahun 2023</a>' +
          '<a href="/files/peta-1985.pdf">Peta Lama</a>' +
          '<a href="/files/rencana-2030.docx">Rencana</a>' +
          '<a href="/unduh/77" download="LKPJ 2022.doc">Unduh</a>',
      ),
      ctxFor(),
    );
    expect(facts.documents).toEqual([
      { url: 'https://kota.go.id/files/20231201_upload_2019.pdf', text: 'Perwal Nomor 5 Tahun 2023', type: 'pdf', year: 2023 },
      { url: 'https://kota.go.id/files/peta-1985.pdf', text: 'Peta Lama', type: 'pdf' },
      { url: 'https://kota.go.id/files/rencana-2030.docx', text: 'Rencana', type: 'docx' },
      { url: 'https://kota.go.id/unduh/77', text: 'Unduh', type: 'doc', year: 2022 },
    ]);
  });

  it('lists a file once, with the link that tells its year', () => {
    const facts = gatherPage(page('<a href="/f/apbd.pdf">Unduh</a><a href="/f/apbd.pdf">APBD 2024</a>'), ctxFor());
    expect(facts.documents).toEqual([{ url: 'https://kota.go.id/f/apbd.pdf', text: 'APBD 2024', type: 'pdf', year: 2024 }]);
    expect(facts.links).toHaveLength(2);
  });
});
