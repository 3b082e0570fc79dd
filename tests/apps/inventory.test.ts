import { describe, expect, it } from 'vitest';
import { inferCategory } from '../../src/apps/category.ts';
import { buildInventory } from '../../src/apps/inventory.ts';
import { inferKind, isApplication, storeAppName, summariseKinds } from '../../src/apps/kind.ts';
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
      ['play.google.com/store/apps/details?id=mrk', 'discovered'],
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

  it('ignores news sites, social links and hidden links', () => {
    const keys = apps.map((a) => a.key).join(' ');
    expect(keys).not.toMatch(/kompas|facebook|vendor-b|hidden/);
  });

  it('says what each entry is, and why', () => {
    const kinds = Object.fromEntries(apps.map((a) => [a.key, [a.kind, a.kindReason]]));
    expect(kinds).toEqual({
      'mrk.pemkomedan.go.id': ['application', 'default: no website words'],
      'apps.medan.go.id/simpeg': ['application', '"apps" host'],
      'ekinerja.pemkomedan.go.id': ['application', '"ekinerja" host'],
      'lapor.go.id': ['national_platform', 'national platform SP4N-LAPOR!'],
      'lpse.pemkomedan.go.id': ['national_platform', 'national platform LPSE'],
      'play.google.com/store/apps/details?id=mrk': ['app_store', 'Google Play page of mrk'],
      'sibisa.pemkomedan.go.id': ['application', '"Online" in name'],
      'sicantikui.layanan.go.id': ['national_platform', 'national platform SiCantik'],
      'vendor-app.co.id': ['application', '"Sistem" in name'],
    });
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
    ['https://play.google.com/store/apps/details?id=com.a&hl=id', 'play.google.com/store/apps/details?id=com.a'],
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

describe('applications versus websites', async () => {
  const city = {
    id: 'sibolga',
    portal: 'https://sibolgakota.go.id/',
    domains: ['sibolgakota.go.id'],
    applications: [
      // Two mobile apps of one store: each is its own entry (the store's query names the app).
      { name: 'Siponcan', url: 'https://play.google.com/store/apps/details?id=com.sibolgasiponcan&hl=id' },
      { name: 'Lapo Sibolga', url: 'https://play.google.com/store/apps/details?id=id.go.sibolga.lapo' },
      { name: 'Sibolga di App Store', url: 'https://apps.apple.com/id/app/sibolga/id1234567' },
      { name: 'PPID Kota Sibolga', url: 'https://ppid.sibolgakota.go.id/' },
    ],
  };
  const cityFacts = cityFromEntries(
    { cityId: 'sibolga', cityName: 'Kota Sibolga', portal: city.portal, domains: city.domains, reachable: true, portalReason: 'ok', now: new Date('2024-06-15T00:00:00Z') },
    [
      record('https://sibolgakota.go.id/', pageFacts('Beranda - Pemerintah Kota Sibolga', [
        { href: 'https://dinkes.sibolgakota.go.id/', text: 'Dinas Kesehatan', kind: 'internal' },
        { href: 'https://simpus.dinkes.sibolgakota.go.id/', text: 'SIMPUS', kind: 'internal' },
        { href: 'https://sibolgakota.go.id/kecamatan', text: 'Kecamatan', kind: 'internal' },
        { href: 'https://sibolgautara.sibolgakota.go.id/', text: 'Kecamatan Sibolga Utara', kind: 'internal' },
        { href: 'https://disdukcapil.sibolgakota.go.id/layanan/login', text: 'Layanan Online Disdukcapil', kind: 'internal' },
        { href: 'https://siponcan.sibolgakota.go.id/', text: 'SIPONCAN', kind: 'internal' },
        { href: 'https://jdihn.go.id/', text: 'JDIHN' },
        // A news page's link to a mobile app is an app the portal offers, wherever it stands.
        { href: 'https://play.google.com/store/apps/details?id=com.sibolgasiponcan&hl=en', text: 'Download APP Siponcan' },
        { href: 'https://play.google.com/store/apps/details?id=id.go.sibolga.pajak', text: 'Sibolga Pajak' },
        { href: 'https://play.google.com/store/search?q=sibolga', text: 'Cari di Play Store' },
      ])),
    ],
  );
  const apps = await buildInventory(city, cityFacts);
  const kind = (key: string) => apps.find((a) => a.key === key)?.kind;

  it('keeps every app store entry of the targets file, one per app', () => {
    const listed = apps.filter((a) => a.source === 'targets');
    expect(listed.map((a) => [a.key, a.kind])).toEqual([
      ['play.google.com/store/apps/details?id=com.sibolgasiponcan', 'app_store'],
      ['play.google.com/store/apps/details?id=id.go.sibolga.lapo', 'app_store'],
      ['apps.apple.com/id/app/sibolga/id1234567', 'app_store'],
      ['ppid.sibolgakota.go.id', 'website'],
    ]);
  });

  it('inventories the mobile apps the portal links to, once each', () => {
    const stores = apps.filter((a) => a.kind === 'app_store').map((a) => a.key);
    expect(stores).toEqual([
      'play.google.com/store/apps/details?id=com.sibolgasiponcan',
      'play.google.com/store/apps/details?id=id.go.sibolga.lapo',
      'apps.apple.com/id/app/sibolga/id1234567',
      'play.google.com/store/apps/details?id=id.go.sibolga.pajak',
    ]);
    expect(apps.find((a) => a.key === 'play.google.com/store/apps/details?id=com.sibolgasiponcan')).toMatchObject({ name: 'Siponcan', source: 'targets' });
    expect(apps.find((a) => a.key.endsWith('sibolga.pajak'))).toMatchObject({ name: 'Sibolga Pajak',  url: 'https://play.google.com/store/apps/details?id=id.go.sibolga.pajak', source: 'discovered' });
  });

  it('tells agency and district websites from applications', () => {
    expect(kind('dinkes.sibolgakota.go.id')).toBe('website');
    expect(kind('sibolgautara.sibolgakota.go.id')).toBe('website');
    expect(kind('simpus.dinkes.sibolgakota.go.id')).toBe('application');
    expect(kind('disdukcapil.sibolgakota.go.id')).toBe('application');
    expect(kind('siponcan.sibolgakota.go.id')).toBe('application');
    expect(kind('jdihn.go.id')).toBe('national_platform');
  });
});

describe('inferKind', () => {
  it.each([
    ['Dinas Pendidikan', 'https://disdik.kota.go.id/', 'website'],
    ['Website Kecamatan Medan Johor', 'https://medanjohor.medan.go.id/berita', 'website'],
    ['Kelurahan Sukamaju', 'https://sukamaju.kota.go.id/', 'website'],
    ['Desa Sukamaju', 'https://sukamaju.desa.id/', 'website'],
    ['PPID', 'https://ppid.kota.go.id/', 'website'],
    ['BPBD', 'https://bpbd.kota.go.id/', 'website'],
    ['Pengaduan BPBD', 'https://bpbd.kota.go.id/pengaduan', 'application'],
    ['E-Kinerja', 'https://bkpsdm.kota.go.id/ekinerja/login', 'application'],
    ['SIMPEG', 'https://kota.go.id/simpeg', 'application'],
    ['PPDB Online', 'https://ppdb.kota.go.id/', 'application'],
    ['Satu Data', 'https://data.kota.go.id/', 'application'],
    ['LAPOR!', 'https://www.lapor.go.id/', 'application'],
    ['Aplikasi', 'https://play.google.com/store/apps/details?id=x.y', 'app_store'],
    ['Aplikasi', 'https://play.google.com/store/apps/developer?id=Kota', 'application'],
  ])('%s at %s is %s', (name, url, kind) => expect(inferKind(name, url).kind).toBe(kind));

  it('a government domain\'s own front is a website; a system on it names itself', () => {
    expect(inferKind('Kemendagri', 'http://www.kemendagri.go.id/')).toEqual({ kind: 'website', reason: 'main site of kemendagri.go.id' });
    expect(inferKind('Provinsi Sultra', 'http://www.sultraprov.go.id/').kind).toBe('website');
    expect(inferKind('CCTV', 'http://cctv.depok.go.id:8083/').kind).toBe('application');
  });

  it('names a store entry by its link text without the badge words, else by the app', () => {
    expect(storeAppName('Download APP Siponcan', 'https://play.google.com/store/apps/details?id=com.sibolgasiponcan')).toBe('Siponcan');
    expect(storeAppName('Gambar Logo Playstore', 'https://play.google.com/store/apps/details?id=id.depok.dsw')).toBe('id.depok.dsw');
    expect(storeAppName('Gambar Logo App Strore', 'https://apps.apple.com/us/app/depok-single-window-dsw/id1530183936')).toBe('depok single window dsw');
    expect(storeAppName('Siponcan', 'https://siponcan.sibolgakota.go.id/')).toBeUndefined();
  });

  it('national platforms are named as such', () => {
    expect(inferKind('LAPOR!', 'https://www.lapor.go.id/', { name: 'SP4N-LAPOR!' })).toEqual({ kind: 'national_platform', reason: 'national platform SP4N-LAPOR!' });
  });

  it('counts the other kinds beside the applications', () => {
    const entries = [{ kind: 'application' as const }, { kind: 'website' as const }, { kind: 'website' as const }, { kind: 'national_platform' as const }, { kind: 'app_store' as const }, {}];
    expect(summariseKinds(entries)).toEqual({ websites_total: 2, platforms_total: 1, mobile_apps_total: 1 });
    expect(entries.filter(isApplication).length).toBe(2);
  });
});
