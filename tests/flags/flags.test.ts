import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherPage } from '../../src/gather/index.ts';
import { byFirstLetter, flagPage } from '../../src/flags/index.ts';

const PORTAL = 'https://sukamajukota.go.id';
const now = new Date('2024-11-01T00:00:00Z');
const isInternal = (u: URL) => u.hostname === 'sukamajukota.go.id' || u.hostname.endsWith('.sukamajukota.go.id');

function flagsOf(fixture: string, path = '/berita/2024/10/artikel'): string[] {
  const html = readFileSync(join(import.meta.dirname, 'fixtures', fixture), 'utf8');
  const url = `${PORTAL}${path}`;
  return flagPage(gatherPage(html, { url, isInternal, now }), url);
}

function flagsOfHtml(html: string, path = '/'): string[] {
  const url = `${PORTAL}${path}`;
  return flagPage(gatherPage(html, { url, isInternal, now }), url);
}

describe('flagPage: gambling spam', () => {
  it('flags a hidden block of slot links to gambling domains (positioned off screen)', () => {
    expect(flagsOf('spam-hidden-div.html', '/layanan/adminduk')).toEqual(['gambling_spam']);
  });
  it('flags display:none links to spam pages planted under /wp-content/', () => {
    expect(flagsOf('spam-display-none.html', '/profil/kecamatan')).toEqual(['gambling_spam']);
  });
  it('flags a hijacked title even when the body still looks like the original page', () => {
    expect(flagsOf('spam-title.html', '/')).toEqual(['gambling_spam']);
  });
  it('flags a spam page planted under /wp-content/uploads/', () => {
    expect(flagsOf('spam-wp-content.html', '/wp-content/uploads/2024/07/rtp-slot-gacor-hari-ini.html')).toEqual(['gambling_spam', 'spam_page']);
  });
  it('flags the same planted page with a neutral URL (density and gambling-domain links)', () => {
    expect(flagsOf('spam-wp-content.html', '/index.php?id=1234')).toEqual(['gambling_spam', 'spam_page']);
  });
  it('flags a visible footer link farm of slot keywords', () => {
    expect(flagsOf('spam-linkfarm.html', '/pengumuman/pppk-2024')).toEqual(['gambling_spam']);
  });
  it('flags links to gambling domains whose texts name the game', () => {
    const html = `<html><head><title>Berita Kota</title></head><body><p>Selamat datang.</p>
      <a href="https://hoki4d.xyz/">Togel</a></body></html>`;
    expect(flagsOfHtml(html)).toEqual(['gambling_spam']);
  });
});

describe('flagPage: sports betting and slot networks, hidden in a one-pixel box', () => {
  // Links to the site's own pages: only their words and their hiding give them away.
  const page = (hiding: string) => `<html><head><title>Pelayanan Akta Kelahiran - Disdukcapil</title></head><body>
    <h1>Pelayanan Akta Kelahiran</h1><p>Syarat: surat keterangan lahir, KK dan KTP orang tua.</p>
    <div style="${hiding}"><a href="/?p=8812">agen bola terpercaya</a> <a href="/?p=8813">MPO 500 resmi</a></div></body></html>`;
  it('flags links hidden in a one-pixel box that clips them', () => {
    expect(flagsOfHtml(page('overflow:hidden;height:1px'), '/layanan/akta')).toEqual(['gambling_spam']);
  });
  it('flags links pushed off screen with text-indent', () => {
    expect(flagsOfHtml(page('text-indent:-9999px'), '/layanan/akta')).toEqual(['gambling_spam']);
  });
  it('flags links to two sites of a slot network, whatever their text', () => {
    const html = `<html><head><title>Berita Kota</title></head><body><p>Selamat datang.</p>
      <a href="https://mpo888.example/">Daftar</a> <a href="https://idnplay-resmi.example/">Masuk</a></body></html>`;
    expect(flagsOfHtml(html)).toEqual(['gambling_spam']);
  });
  it('does not flag a visible, ordinary page about football and a betting crackdown', () => {
    const html = `<html><head><title>Nobar Piala Dunia di Alun-alun Kota</title></head><body>
      <h1>Nobar Piala Dunia di Alun-alun Kota</h1>
      <p>Pemkot mengajak warga nonton bola bareng di alun-alun. Satpol PP mengingatkan larangan judi bola
      dan akan menindak tegas setiap taruhan; polisi menangkap dua pelaku judi bola pekan lalu.</p>
      <a href="https://www.idntimes.com/news/indonesia">Berita IDN Times</a>
      <a href="https://www.tempo.co/hukum/razia-judi">Tempo: razia judi</a></body></html>`;
    expect(flagsOfHtml(html, '/berita/2024/10/nobar')).toEqual([]);
  });
});

describe('flagPage: no false flags on gambling news', () => {
  for (const fixture of [
    'clean-razia.html',
    'clean-satpol.html',
    'clean-kominfo.html',
    'clean-sosialisasi.html',
    'clean-asn.html',
    'clean-apbd.html',
    'clean-defacement-news.html',
  ]) {
    it(`does not flag ${fixture}`, () => {
      expect(flagsOf(fixture)).toEqual([]);
    });
  }
  it('does not flag a crackdown article whose URL names judi online', () => {
    expect(flagsOf('clean-razia.html', '/berita/2024/10/pemkot-razia-judi-online-12-warga-diamankan')).toEqual([]);
  });
  it('does not flag a mobile menu hidden by CSS that links to crackdown news', () => {
    const html = `<html><head><title>Berita</title></head><body><nav style="display:none">
      <a href="/berita/razia-judi-online">Razia judi online</a><a href="/profil">Profil</a></nav><p>Berita terbaru Kota Sukamaju.</p></body></html>`;
    expect(flagsOfHtml(html)).toEqual([]);
  });
  it('does not flag Betawi culture, totoro or budget slots', () => {
    const html = `<html><head><title>Festival Budaya Betawi</title></head><body><p>Festival budaya Betawi digelar di taman kota.</p>
      <a href="https://betawi.example.com/festival">Festival Betawi</a> <a href="https://totoro-fans.example.org/">Pameran animasi</a></body></html>`;
    expect(flagsOfHtml(html)).toEqual([]);
  });
  it('does not flag an ordinary page', () => {
    const html = `<html><head><title>Layanan Publik</title></head><body><h1>Layanan</h1><a href="/layanan/ktp">KTP</a></body></html>`;
    expect(flagsOfHtml(html)).toEqual([]);
  });
});

describe('flagPage: defacement', () => {
  it('flags a classic defacement page', () => {
    expect(flagsOf('defaced.html', '/')).toEqual(['defacement']);
  });
  it('flags an "Owned by ... Team" notice with greetings', () => {
    expect(flagsOf('defaced-subtle.html', '/')).toEqual(['defacement']);
  });
  it('flags both when a defaced page also carries gambling links', () => {
    const html = `<html><head><title>Hacked by Cyber Team</title></head><body><h1>Hacked by Cyber Team</h1>
      <div style="display:none"><a href="https://slot88.xyz/">slot gacor</a></div></body></html>`;
    expect(flagsOfHtml(html)).toEqual(['gambling_spam', 'defacement']);
  });
});

describe('flagPage: pages that only point at a planted page', () => {
  it('does not flag a page whose one hidden link leads to a spam page on the same site; flags that page', () => {
    const carrier = `<html><head><title>Sejarah Kota</title></head><body><p>Sejarah singkat Kota Sukamaju.</p>
      <div style="display:none"><a href="/2021/05/slot-gacor-maxwin-hari-ini.html">slot gacor maxwin</a></div></body></html>`;
    expect(flagsOfHtml(carrier, '/p/sejarah.html')).toEqual([]);
    const planted = `<html><head><title>Slot Gacor Maxwin Hari Ini</title></head><body><h1>Slot gacor maxwin hari ini</h1>
      <p>Daftar situs slot gacor, RTP live tertinggi, deposit pulsa.</p></body></html>`;
    expect(flagsOfHtml(planted, '/2021/05/slot-gacor-maxwin-hari-ini.html')).toEqual(['gambling_spam', 'spam_page']);
  });
});

describe('the quick scan', () => {
  it('groups alternatives by first letter without changing what they find', () => {
    const words = ['slot', 'scatter', 'max\\s*win', 'mahjong', '[a-z\\d]4d', 'was\\s+here', 'wd\\s*(?:cepat|kilat)', 'qq'];
    const grouped = new RegExp(byFirstLetter(words));
    const plain = new RegExp(words.join('|'));
    expect(grouped.source).toContain('s(?:lot|catter)');
    const samples = [
      'berita kota hari ini', 'slot gacor', 'max  win', 'maxwin', 'mahjong ways', 'togel4d', '44d', '4d saja',
      'hacked, was here', 'wd kilat', 'wd lambat', 'qq', 'q q', 'pemkot razia judi online', '',
    ];
    for (const s of samples) expect(grouped.test(s), s).toBe(plain.test(s));
  });
});

describe('flagPage: a city page that carries a hidden block of repeated anchors', () => {
  it('stays the city\'s page however often the block repeats its anchor texts', () => {
    const anchors = Array.from({ length: 60 }, (_, i) => `<a href="https://hacked${i % 6}.ac.id/-/slot-gacor/">Slot Gacor</a> <a href="https://hacked${i % 6}.go.id/rtp/">RTP Slot Gacor</a>`).join(' ');
    const html = `<html><head><title>Siponcan - Disdukcapil</title></head><body><h1>Layanan Kependudukan Online</h1>
      <p>Masuk dengan NIK dan password untuk mengajukan akta kelahiran, KK dan KTP.</p>
      <a href="/persyaratan">Persyaratan Layanan</a></body></html><div style="display:none">${anchors}</div>`;
    const url = `${PORTAL}/`;
    const facts = gatherPage(html, { url, isInternal, now });
    expect(flagPage(facts, url)).toEqual(['gambling_spam']);
  });
});
