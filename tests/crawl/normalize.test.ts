import { describe, expect, it } from 'vitest';
import { normalizeUrl, withoutSessionIds } from '../../src/crawl/normalize.ts';

describe('normalizeUrl', () => {
  const cases: Array<[string, string | undefined, string | null]> = [
    ['HTTP://Example.GO.ID/Path', undefined, 'http://example.go.id/Path'],
    ['https://kota.go.id:443/a', undefined, 'https://kota.go.id/a'],
    ['http://kota.go.id:80/a', undefined, 'http://kota.go.id/a'],
    ['http://kota.go.id:8080/a', undefined, 'http://kota.go.id:8080/a'],
    ['https://kota.go.id:80/a', undefined, 'https://kota.go.id:80/a'],
    ['https://kota.go.id/a#bagian', undefined, 'https://kota.go.id/a'],
    ['https://kota.go.id', undefined, 'https://kota.go.id/'],
    ['https://kota.go.id/berita/', undefined, 'https://kota.go.id/berita/'],
    ['https://kota.go.id/berita', undefined, 'https://kota.go.id/berita'],
    ['https://kota.go.id//berita///2024//x', undefined, 'https://kota.go.id/berita/2024/x'],
    ['https://kota.go.id/?utm_source=fb&id=3&fbclid=abc', undefined, 'https://kota.go.id/?id=3'],
    ['https://kota.go.id/p?UTM_Medium=x&gclid=1&_ga=2&mc_cid=3&mc_eid=4&yclid=5&msclkid=6&ref_src=7', undefined, 'https://kota.go.id/p'],
    ['https://kota.go.id/p?b=2&a=1&c=3', undefined, 'https://kota.go.id/p?a=1&b=2&c=3'],
    ['https://kota.go.id/p?a=2&a=1', undefined, 'https://kota.go.id/p?a=1&a=2'],
    ['https://kota.go.id/p?', undefined, 'https://kota.go.id/p'],
    ['https://kota.go.id/p?&&a=1&', undefined, 'https://kota.go.id/p?a=1'],
    ['https://kota.go.id/%7Euser/%41b', undefined, 'https://kota.go.id/~user/Ab'],
    ['https://kota.go.id/a%2fb', undefined, 'https://kota.go.id/a%2Fb'],
    ['https://kota.go.id/q?x=%7e%2f', undefined, 'https://kota.go.id/q?x=~%2F'],
    ['https://kota.go.id/a b', undefined, 'https://kota.go.id/a%20b'],
    ['https://user:pw@kota.go.id/a', undefined, 'https://kota.go.id/a'],
    ['https://kota.go.id./a', undefined, 'https://kota.go.id/a'],
    ['  https://kota.go.id/a  ', undefined, 'https://kota.go.id/a'],
    ['/berita?id=5#top', 'https://kota.go.id/profil/', 'https://kota.go.id/berita?id=5'],
    ['../layanan', 'https://kota.go.id/a/b/c', 'https://kota.go.id/a/layanan'],
    ['//cdn.kota.go.id/x.pdf', 'https://kota.go.id/', 'https://cdn.kota.go.id/x.pdf'],
    ['?page=2', 'https://kota.go.id/berita?page=1', 'https://kota.go.id/berita?page=2'],
    ['https://kota.go.id/a/./b/../c', undefined, 'https://kota.go.id/a/c'],
    ['https://KÖTA.example/', undefined, 'https://xn--kta-sna.example/'],
    ['mailto:humas@kota.go.id', undefined, null],
    ['javascript:void(0)', 'https://kota.go.id/', null],
    ['tel:+62215551234', undefined, null],
    ['ftp://kota.go.id/file', undefined, null],
    ['data:text/html,hi', undefined, null],
    ['/relative/only', undefined, null],
    ['http://', undefined, null],
    ['http://exa mple.com/', undefined, null],
    ['', 'https://kota.go.id/', null],
    ['not a url at all', undefined, null],
    // Session ids: the visitor's, different on every visit, never the page's.
    ['https://kota.go.id/berita?id=5&PHPSESSID=9f86d0818', undefined, 'https://kota.go.id/berita?id=5'],
    ['https://kota.go.id/berita?sid=abc&page=2', undefined, 'https://kota.go.id/berita?page=2'],
    ['https://kota.go.id/p?JSESSIONID=1&sessionid=2&session_id=3&ASPSESSIONIDQQGGQ=4&cftoken=5&cfid=6', undefined, 'https://kota.go.id/p'],
    ['https://kota.go.id/app/berita;jsessionid=0A1B2C3D4E?id=3', undefined, 'https://kota.go.id/app/berita?id=3'],
    ['https://kota.go.id/a;jsessionid=X/b', undefined, 'https://kota.go.id/a/b'],
    ['https://kota.go.id/(S(lit3py55t21z5v55vlm25s55))/layanan.aspx', undefined, 'https://kota.go.id/layanan.aspx'],
    ['https://kota.go.id/;jsessionid=X', undefined, 'https://kota.go.id/'],
    // A token under another name may mean something: kept (the trap guard judges it).
    ['https://kota.go.id/unduh?token=abc', undefined, 'https://kota.go.id/unduh?token=abc'],
    ['https://kota.go.id/berita?side=2', undefined, 'https://kota.go.id/berita?side=2'],
  ];
  it.each(cases)('%s (base %s) → %s', (raw, base, expected) => {
    expect(normalizeUrl(raw, base)).toBe(expected);
  });

  it('gives one spelling for equivalent URLs', () => {
    const variants = [
      'https://Kota.go.id:443/layanan?b=2&a=1#x',
      'https://kota.go.id/layanan?a=1&b=2&utm_campaign=z',
      'https://kota.go.id//layanan?a=1&b=2',
      'https://kota.go.id/%6Cayanan?a=1&b=2',
    ];
    expect(new Set(variants.map((v) => normalizeUrl(v))).size).toBe(1);
  });

  it('gives a page one address whatever session it was linked in', () => {
    const urls = [
      'https://kota.go.id/layanan?PHPSESSID=aaa',
      'https://kota.go.id/layanan?PHPSESSID=bbb',
      'https://kota.go.id/layanan;jsessionid=ccc',
      'https://kota.go.id/(S(ddd))/layanan',
      'https://kota.go.id/layanan?sid=eee',
    ];
    expect(new Set(urls.map((v) => normalizeUrl(v)))).toEqual(new Set(['https://kota.go.id/layanan']));
    expect(withoutSessionIds('https://kota.go.id/layanan?PHPSESSID=aaa&b=1')).toBe('https://kota.go.id/layanan?b=1');
    // Hrefs without a session id are left exactly as written.
    expect(withoutSessionIds('https://kota.go.id/Layanan?b=2&a=1')).toBe('https://kota.go.id/Layanan?b=2&a=1');
  });

  it('is idempotent', () => {
    for (const [raw, base] of cases) {
      const once = normalizeUrl(raw, base);
      if (once) expect(normalizeUrl(once)).toBe(once);
    }
  });
});
