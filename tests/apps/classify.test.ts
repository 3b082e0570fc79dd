import { describe, expect, it } from 'vitest';
import {
  copyrightYear, detectBlocked, detectDefaultPage, detectParked, fingerprint, newestEvidence, olderThanMonths,
  saysNotFound, similar, tlsWord, viewPage,
} from '../../src/apps/classify.ts';
import { gatherPage } from '../../src/gather/index.ts';

const html = (title: string, body: string) => `<html><head><title>${title}</title></head><body>${body}</body></html>`;
const view = (h: string) => viewPage(h, 'http://x.test/');
const NOW = new Date('2024-06-15T00:00:00Z');

describe('tlsWord', () => {
  it.each([
    ['CERT_HAS_EXPIRED: certificate has expired', 'expired'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate', 'self_signed'],
    ['SELF_SIGNED_CERT_IN_CHAIN: self-signed certificate in certificate chain', 'self_signed'],
    ["ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames", 'wrong_host'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE: unable to verify the first certificate', 'incomplete_chain'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY: unable to get local issuer certificate', 'incomplete_chain'],
    ['CERT_NOT_YET_VALID: certificate is not yet valid', 'not_yet_valid'],
    ['EPROTO: wrong version number', 'protocol'],
    [undefined, 'other'],
  ])('%s → %s', (detail, word) => expect(tlsWord(detail)).toBe(word));
});

describe('parked and default pages', () => {
  it.each([
    [html('Account Suspended', '<h1>This Account has been suspended.</h1>'), 'suspended'],
    [html('Website Suspended', '<p>Website ini telah di suspend oleh penyedia hosting</p>'), 'suspended'],
    [html('kota.go.id', '<h1>Domain ini dijual</h1>'), 'for_sale_or_parked'],
    [html('example.id - Buy this domain', '<p>The domain may be for sale</p>'), 'for_sale_or_parked'],
    [html('', '<script src="https://www.sedoparking.com/frmpark/x.js"></script>'), 'for_sale_or_parked'],
  ])('parked %#', (h, word) => expect(detectParked(view(h), h)).toBe(word));

  it.each([
    [html('Apache2 Debian Default Page: It works', '<p>Apache2 Debian Default Page</p>'), 'apache'],
    ['<html><body><h1>It works!</h1></body></html>', 'apache'],
    [html('Welcome to nginx!', '<h1>Welcome to nginx!</h1>'), 'nginx'],
    [html('IIS Windows Server', '<img src="iisstart.png">'), 'iis'],
    [html('Index of /', '<h1>Index of /</h1><a href="?C=N;O=D">Name</a><a href="/">Parent Directory</a>'), 'empty_listing'],
    [html('Index of /', '<h1>Index of /</h1><a href="backup.zip">backup.zip</a>'), 'directory_listing'],
    [html('Default Web Site Page', '<p>If you are the owner of this website...</p>'), 'hosting_default'],
    [html('Coming Soon', '<h1>Future home of something quite cool</h1>'), 'hosting_default'],
    [html('cPanel', '<h1>cPanel</h1>'), 'control_panel'],
    [html('aaPanel', '<h1>Congratulations, the site is created successfully!</h1>'), 'control_panel'],
    [html('Plesk', '<h1>Web Server\'s Default Page</h1>'), 'hosting_default'],
    ['<html><head></head><body></body></html>', 'blank_page'],
  ])('default page %#', (h, word) => expect(detectDefaultPage(view(h), h)).toBe(word));

  it('a working page that mentions its stack in the footer is neither', () => {
    const h = html('Sistem Informasi Pajak Daerah', `<h1>SIPADA</h1><p>${'Layanan pajak daerah online. '.repeat(20)}</p><footer>Powered by cPanel hosting · Apache · nginx</footer>`);
    expect(detectDefaultPage(view(h), h)).toBeUndefined();
    expect(detectParked(view(h), h)).toBeUndefined();
    const news = html('Berita Kota', `<h1>Berita</h1><p>${'Pemkot memperpanjang hosting agar akun tidak suspend. '.repeat(5)}This account has been suspended kata vendor tahun lalu. ${'Kini layanan berjalan normal. '.repeat(40)}</p>`);
    expect(detectParked(view(news), news)).toBeUndefined();
  });

  it('a single-page app shell is not a blank page', () => {
    const h = '<html><head><title>App</title></head><body><div id="app"></div><script src="/main.js"></script></body></html>';
    expect(detectDefaultPage(view(h), h)).toBeUndefined();
  });
});

describe('not-found wording', () => {
  it.each([
    html('404 Not Found', '<h1>Not Found</h1>'),
    html('Kota Contoh', '<h2>Maaf, Halaman tidak ditemukan</h2>'),
    html('Halaman yang Anda cari tidak ada', ''),
    html('Oops', '<h1>Page not found</h1><p>The page you are looking for does not exist.</p>'),
    html('', '<p>404</p>'),
  ])('says not found %#', (h) => expect(saysNotFound(view(h))).toBe(true));

  it('a real page mentioning 404 in its text is not a soft 404', () => {
    const h = html('Peraturan Wali Kota', `<h1>Perwal Nomor 404 Tahun 2023</h1><p>${'Tentang tata cara pelayanan. '.repeat(30)} Data tidak ditemukan? Hubungi kami.</p>`);
    expect(saysNotFound(view(h))).toBe(false);
  });
});

describe('blocked', () => {
  it('429 and challenges are blocked, a plain 403 is not', () => {
    expect(detectBlocked(429, {})).toBe('rate_limited');
    expect(detectBlocked(403, { 'cf-mitigated': 'challenge' })).toBe('cloudflare_challenge');
    expect(detectBlocked(503, { server: 'cloudflare' }, view(html('Just a moment...', '')))).toBe('cloudflare');
    expect(detectBlocked(403, {}, view(html('Request Rejected', '<p>The requested URL was rejected. Please consult with your administrator.</p>')))).toBe('waf_challenge');
    expect(detectBlocked(403, { 'x-sucuri-id': '1' })).toBe('sucuri');
    expect(detectBlocked(403, { server: 'Apache' }, view(html('403 Forbidden', '<h1>Forbidden</h1>')))).toBeUndefined();
    expect(detectBlocked(200, {}, view(html('Beranda', '<p>Berita terbaru</p>')))).toBeUndefined();
  });
});

/** The liveness check reads an application page's newest date with gather, as pages.csv does. */
const newestDateIn = (html: string, now: Date) => gatherPage(html, { url: 'http://app.example/', now, isInternal: () => false }).newestDate;

describe('dates, copyright and staleness', () => {
  it('reads the newest date in common Indonesian and English forms, ignoring the future and scripts', () => {
    expect(newestDateIn('<p>Senin, 12 Februari 2024</p><p>3 Nopember 2023</p>', NOW)).toBe('2024-02-12');
    expect(newestDateIn('<time datetime="2024-05-01T10:00">x</time><p>01/06/2024</p>', NOW)).toBe('2024-06-01');
    expect(newestDateIn('<p>March 3, 2021</p><p>1 Januari 2030</p><script>var built="2024-06-01"</script>', NOW)).toBe('2021-03-03');
    expect(newestDateIn('<p>no dates</p>', NOW)).toBeUndefined();
  });

  it('copyright years', () => {
    expect(copyrightYear('© 2019 Pemerintah Kota', NOW)).toBe(2019);
    expect(copyrightYear('Hak Cipta 2017-2021 Diskominfo', NOW)).toBe(2021);
    expect(copyrightYear('Copyright (c) 2020. All rights reserved', NOW)).toBe(2020);
    expect(copyrightYear('Tahun 2019', NOW)).toBeUndefined();
  });

  it('newest evidence and the 12-month window', () => {
    expect(newestEvidence('2022-02-02', 2021)).toEqual({ value: '2022-02-02', asDate: '2022-02-02' });
    expect(newestEvidence(undefined, 2021)).toEqual({ value: '2021', asDate: '2021-12-31' });
    expect(newestEvidence('2020-01-01', 2023)).toEqual({ value: '2023', asDate: '2023-12-31' });
    expect(olderThanMonths('2023-06-14', NOW, 12)).toBe(true);
    expect(olderThanMonths('2023-06-16', NOW, 12)).toBe(false);
  });
});

describe('fingerprints', () => {
  it('the same page with the path echoed is similar; a different page is not', () => {
    const a = fingerprint(200, view(html('Error', '<p>Path /simpeg was not found at 10:01</p>')), ['/simpeg']);
    const b = fingerprint(200, view(html('Error', '<p>Path /x-123 was not found at 10:02</p>')), ['/x-123']);
    const c = fingerprint(200, view(html('SIMPEG', '<p>Login pegawai</p>')));
    expect(similar(a, b)).toBe(true);
    expect(similar(a, c)).toBe(false);
    expect(similar(a, { ...b, status: 404 })).toBe(false);
  });
});
