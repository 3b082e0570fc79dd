import { describe, expect, it } from 'vitest';
import { inferCategory } from '../../src/apps/category.ts';
import { buildInventory } from '../../src/apps/inventory.ts';
import { appKey, isFrontPage, registrableDomain } from '../../src/apps/url.ts';
import { cityFromEntries, type PageEntry } from '../../src/gather/city-facts.ts';
import type { LinkFact, PageFacts } from '../../src/gather/types.ts';

function pageFacts(title: string, links: Array<Partial<LinkFact> & { href: string }>, headings: string[] = []): PageFacts {
  return {
    meta: { title, og: {} },
    headings: headings.map((text) => ({ level: 1, text })),
    links: links.map((l) => ({ text: '', kind: 'external', ...l })),
    forms: [], documents: [], dates: [], textLength: 0, text: '', images: { total: 0, withoutAlt: 0 }, flags: [],
  };
}

function record(url: string, facts: PageFacts): PageEntry {
  return { url, finalUrl: url, depth: 1, status: 200, reason: 'ok', contentType: 'text/html', bytes: 1, kind: 'page', rendered: false, facts };
}

const target = {
  id: 'medan',
  portal: 'https://portal.pemkomedan.go.id/',
  domains: ['pemkomedan.go.id', 'medan.go.id'],
  applications: [
    { name: 'Medan Rumah Kita', url: 'https://mrk.pemkomedan.go.id/', category: 'G2C' as const },
    { name: 'SIMPEG', url: 'https://apps.medan.go.id/simpeg/' },
  ],
};

const facts = cityFromEntries(
  {
    cityId: 'medan', cityName: 'Kota Medan', portal: target.portal, domains: target.domains, reachable: true,
    portalReason: 'ok', now: new Date('2024-06-15T00:00:00Z'),
  },
  [
    record('https://portal.pemkomedan.go.id/', pageFacts('Beranda', [
      { href: 'https://portal.pemkomedan.go.id/berita', text: 'Berita', kind: 'internal' },
      { href: 'https://www.pemkomedan.go.id/', text: 'Beranda', kind: 'internal' },
      { href: 'https://mrk.pemkomedan.go.id/login', text: 'MRK', kind: 'internal' },
      { href: 'https://lpse.pemkomedan.go.id/eproc4/lelang', text: 'LPSE', kind: 'internal' },
      { href: 'https://www.lapor.go.id/instansi/pemerintah-kota-medan', text: 'SP4N LAPOR!' },
      { href: 'https://www.kompas.com/berita/1', text: 'Kompas' },
      { href: 'https://facebook.com/pemkomedan', text: 'Facebook', kind: 'social' },
      { href: 'https://apps.medan.go.id/simpeg/login', text: 'Login SIMPEG', kind: 'internal' },
      { href: 'https://hidden.pemkomedan.go.id/', text: 'slot gacor', kind: 'internal', hidden: true },
    ])),
    record('https://portal.pemkomedan.go.id/aplikasi', pageFacts('Daftar Aplikasi - Pemko Medan', [
      { href: 'https://sibisa.pemkomedan.go.id/', text: 'SIBISA Adminduk Online', kind: 'internal' },
      { href: 'https://sibisa.pemkomedan.go.id/daftar', text: 'klik di sini', kind: 'internal' },
      { href: 'https://ekinerja.pemkomedan.go.id/', text: 'E-Kinerja', kind: 'internal' },
      { href: 'https://sicantikui.layanan.go.id/', text: 'Perizinan Online' },
      { href: 'https://vendor-app.co.id/medan', text: 'Sistem Parkir Online' },
      { href: 'https://play.google.com/store/apps/details?id=mrk', text: 'Unduh di Play Store' },
    ])),
    record('https://portal.pemkomedan.go.id/berita/1', pageFacts('Berita', [
      { href: 'https://www.vendor-b.com/', text: 'Vendor B' },
    ])),
  ],
);

describe('buildInventory', async () => {
  const apps = await buildInventory(target, facts);
  const byKey = new Map(apps.map((a) => [a.key, a]));

  it('lists the targets first, then what the portal links to, deduplicated by key', () => {
    expect(apps.map((a) => [a.key, a.source])).toEqual([
      ['mrk.pemkomedan.go.id', 'targets'],
      ['apps.medan.go.id/simpeg', 'targets'],
      ['ekinerja.pemkomedan.go.id', 'discovered'],
      ['lapor.go.id', 'discovered'],
      ['lpse.pemkomedan.go.id', 'discovered'],
      ['sibisa.pemkomedan.go.id', 'discovered'],
      ['sicantikui.layanan.go.id', 'discovered'],
      ['vendor-app.co.id', 'discovered'],
    ]);
  });

  it('names discovered apps by their link text, national platforms by category', () => {
    expect(byKey.get('sibisa.pemkomedan.go.id')).toMatchObject({ name: 'SIBISA Adminduk Online', category: 'G2C', foundOn: 'https://portal.pemkomedan.go.id/aplikasi' });
    expect(byKey.get('lpse.pemkomedan.go.id')).toMatchObject({ category: 'G2B', categoryReason: 'national platform LPSE', platform: 'LPSE' });
    expect(byKey.get('lapor.go.id')).toMatchObject({ name: 'SP4N LAPOR!', category: 'G2C', url: 'https://www.lapor.go.id/' });
    expect(byKey.get('sicantikui.layanan.go.id')).toMatchObject({ category: 'G2B', platform: 'SiCantik' });
    expect(byKey.get('ekinerja.pemkomedan.go.id')).toMatchObject({ category: 'G2E', categoryReason: 'inferred: "kinerja" in name' });
    expect(byKey.get('mrk.pemkomedan.go.id')).toMatchObject({ category: 'G2C', categoryReason: 'from targets' });
    expect(byKey.get('apps.medan.go.id/simpeg')).toMatchObject({ category: 'G2E' });
  });

  it('ignores news sites, social links, app stores and hidden links', () => {
    const keys = apps.map((a) => a.key).join(' ');
    expect(keys).not.toMatch(/kompas|facebook|play\.google|vendor-b|hidden/);
  });

  it('without crawl facts only the targets are listed', async () => {
    expect((await buildInventory(target)).map((a) => a.source)).toEqual(['targets', 'targets']);
  });
});

describe('keys and front pages', () => {
  it.each([
    ['https://www.x.go.id/', 'x.go.id'],
    ['http://X.go.id', 'x.go.id'],
    ['https://x.go.id/index.php', 'x.go.id'],
    ['https://x.go.id/simpeg/login', 'x.go.id/simpeg'],
    ['https://x.go.id:8443/', 'x.go.id:8443'],
  ])('appKey(%s) = %s', (url, key) => expect(appKey(url)).toBe(key));

  it('registrable domains and the portal front page', () => {
    expect(registrableDomain('a.b.pemkomedan.go.id')).toBe('pemkomedan.go.id');
    expect(registrableDomain('www.example.com')).toBe('example.com');
    expect(isFrontPage('https://www.kota.go.id/beranda', 'https://kota.go.id/')).toBe(true);
    expect(isFrontPage('https://kota.go.id/layanan', 'https://kota.go.id/')).toBe(false);
    expect(isFrontPage('https://app.kota.go.id/', 'https://kota.go.id/')).toBe(false);
  });
});

describe('inferCategory', () => {
  it.each([
    ['LPSE Kota', 'https://lpse.kota.go.id/', 'G2B'],
    ['Perizinan Online', 'https://x.go.id/', 'G2B'],
    ['OSS RBA', 'https://x.go.id/', 'G2B'],
    ['SIPD', 'https://sipd.kota.go.id/', 'G2G'],
    ['E-Musrenbang', 'https://x.go.id/', 'G2G'],
    ['Absensi ASN', 'https://x.go.id/', 'G2E'],
    ['Srikandi', 'https://x.go.id/', 'G2E'],
    ['Pengaduan Warga', 'https://x.go.id/', 'G2C'],
    ['Aplikasi X', 'https://x.go.id/', 'G2C'],
    // "oss" inside another word must not make it G2B.
    ['Glossary', 'https://x.go.id/', 'G2C'],
  ])('%s → %s', (name, url, cat) => expect(inferCategory(name, url).category).toBe(cat));

  it('explains the guess', () => {
    expect(inferCategory('Pengaduan Warga', 'https://x.go.id/').reason).toBe('inferred: "pengaduan" in name');
    expect(inferCategory('Aplikasi X', 'https://x.go.id/').reason).toMatch(/^default/);
  });
});
