import { describe, expect, it } from 'vitest';
import { contentFingerprint, isTokenLike, pathPattern, TrapGuard, withoutTokens } from '../../src/crawl/traps.ts';

const u = (s: string) => new URL(s);
const now = new Date('2026-03-01T00:00:00Z');

describe('pathPattern', () => {
  it('replaces digit runs and keeps query keys sorted, values only by shape', () => {
    expect(pathPattern(u('https://k.go.id/berita/2024/123-judul?page=3&sort=asc'))).toBe('k.go.id/berita/#/#-judul?page=#&sort=asc');
    expect(pathPattern(u('https://k.go.id/index.php?id=12&p=berita'))).toBe(pathPattern(u('https://k.go.id/index.php?p=berita&id=99')));
    expect(pathPattern(u('https://k.go.id/index.php?p=berita&id=1'))).not.toBe(pathPattern(u('https://k.go.id/index.php?p=agenda&id=1')));
  });
});

describe('TrapGuard', () => {
  it('caps URLs per path pattern', () => {
    const g = new TrapGuard({ maxPerPattern: 5, now });
    const verdicts = Array.from({ length: 8 }, (_, i) => g.admit(u(`https://k.go.id/galeri/${i}`)).ok);
    expect(verdicts).toEqual([true, true, true, true, true, false, false, false]);
    expect(g.admit(u('https://k.go.id/berita/1')).ok).toBe(true);
  });

  it('has no cap per pattern by default: an archive of thousands of articles is one family', () => {
    const g = new TrapGuard({ now });
    const ok = Array.from({ length: 5000 }, (_, i) => {
      const url = u(`https://k.go.id/berita/${i + 1}`);
      const verdict = g.admit(url).ok;
      g.learn(url, contentFingerprint(`Berita ${i + 1}: isi artikel`));
      return verdict;
    });
    expect(ok.every(Boolean)).toBe(true);
    const pages = Array.from({ length: 200 }, (_, i) => g.admit(u(`https://k.go.id/berita?page=${i + 1}`)).ok);
    expect(pages.every(Boolean)).toBe(true);
  });

  it('closes a family once trapLimit of its pages repeat what it already had', () => {
    const g = new TrapGuard({ trapLimit: 3, now });
    const verdicts: boolean[] = [];
    for (let k = 1; k <= 10; k++) {
      const url = u(`https://k.go.id/galeri?page=${k}`);
      const v = g.admit(url);
      verdicts.push(v.ok);
      if (v.ok) g.learn(url, contentFingerprint(k <= 2 ? `Galeri ${k} foto` : 'Belum ada foto.'));
    }
    // pages 1, 2 differ; 3 is new too (first empty page); 4, 5, 6 repeat it: closed.
    expect(verdicts).toEqual([true, true, true, true, true, true, false, false, false, false]);
    expect(g.admit(u('https://k.go.id/galeri?page=99'))).toEqual({ ok: false, why: 'duplicate_content' });
    // Other families are not affected.
    expect(g.admit(u('https://k.go.id/berita?page=99')).ok).toBe(true);
  });

  it('tells numbers apart (a thin archive is not a trap) but not case or spacing', () => {
    expect(contentFingerprint('Berita 5')).not.toBe(contentFingerprint('Berita 6'));
    expect(contentFingerprint('Belum  ada\nfoto')).toBe(contentFingerprint('belum ada foto'));
    // The calendar half ignores dates and the names of months and days.
    const loose = (t: string) => contentFingerprint(t).split('.')[1];
    expect(loose('Agenda Juli 2031: belum ada kegiatan')).toBe(loose('Agenda Agustus 2032: belum ada kegiatan'));
    expect(loose('Agenda Juli 2031: rapat')).not.toBe(loose('Agenda Juli 2031: belum ada kegiatan'));
  });

  it('closes an empty calendar by its repeats, keeps a monthly archive with new articles open', () => {
    const g = new TrapGuard({ trapLimit: 4, now });
    const months = (base: string, body: (m: number) => string) => {
      const out: boolean[] = [];
      for (let y = 2020; y <= 2025; y++)
        for (let m = 1; m <= 12; m++) {
          const url = u(`https://k.go.id/${base}/${y}/${String(m).padStart(2, '0')}/`);
          const v = g.admit(url).ok;
          out.push(v);
          if (v) g.learn(url, contentFingerprint(`Arsip ${m} ${y}: ${body(y * 12 + m)}`));
        }
      return out;
    };
    const w = ['banjir', 'pasar', 'jalan', 'sekolah', 'taman', 'pajak', 'air', 'lampu', 'sampah', 'vaksin', 'festival'];
    // Each month has other articles (in words: the calendar half of the fingerprint drops numbers).
    expect(months('berita/arsip', (i) => `${w[i % 11]} ${w[Math.floor(i / 11) % 11]} ${w[Math.floor(i / 121) % 11]}`).every(Boolean)).toBe(true);
    const calendar = months('agenda', () => 'belum ada kegiatan');
    expect(calendar.filter(Boolean)).toHaveLength(5);
    expect(calendar.slice(5).some(Boolean)).toBe(false);
  });

  it('refuses calendar years long past too', () => {
    const g = new TrapGuard({ now });
    expect(g.admit(u('https://k.go.id/agenda?bulan=1&tahun=1990')).ok).toBe(false);
    expect(g.admit(u('https://k.go.id/agenda?bulan=1&tahun=2001')).ok).toBe(true);
  });

  it('takes the same page under a second token for a trap (token, csrf, session keys)', () => {
    const g = new TrapGuard({ now });
    expect(g.admit(u('https://k.go.id/unduh?id=1&token=a1')).ok).toBe(true);
    expect(g.admit(u('https://k.go.id/unduh?id=1&token=b2'))).toEqual({ ok: false, why: 'session' });
    expect(g.admit(u('https://k.go.id/unduh?id=2&token=b2')).ok).toBe(true);
    expect(g.admit(u('https://k.go.id/form?_csrf_token=x&p=1')).ok).toBe(true);
    expect(g.admit(u('https://k.go.id/form?_csrf_token=y&p=1')).ok).toBe(false);
    expect(withoutTokens(u('https://k.go.id/a?page=2'))).toBeNull();
  });

  it('recognises random tokens, not slugs or ids', () => {
    expect(isTokenLike('9f86d081884c7d659a2feaa0')).toBe(true);
    expect(isTokenLike('3f2504e0-4f89-11d3-9a0c-0305e82c3301')).toBe(true);
    expect(isTokenLike('aGVsbG8gV29ybGQxMjM0NTY3')).toBe(true);
    expect(isTokenLike('pengumuman-hasil-seleksi-cpns-2024')).toBe(false);
    expect(isTokenLike('20240517')).toBe(false);
    expect(isTokenLike('deadbeefdeadbeef')).toBe(false); // hex letters only: a word, not a token
    expect(pathPattern(u('https://k.go.id/s/9f86d081884c7d659a2feaa0/berita?ref=9f86d081884c7d659a2feaa1'))).toBe('k.go.id/s/*/berita?ref=*');
  });

  it('takes a family named by random tokens a few pages at a time', () => {
    const g = new TrapGuard({ trapLimit: 3, now });
    const tok = (i: number) => `9f86d081884c7d659a2f${String(1000 + i)}`;
    const first = Array.from({ length: 6 }, (_, i) => g.admit(u(`https://k.go.id/unduh?ref=${tok(i)}`)));
    expect(first.map((v) => v.ok)).toEqual([true, true, true, false, false, false]);
    expect(first[3]).toEqual({ ok: false, why: 'wait' });
    // Once a page of the family has been read, one more may go.
    g.learn(u(`https://k.go.id/unduh?ref=${tok(0)}`), contentFingerprint('Berkas 0'));
    expect(g.admit(u(`https://k.go.id/unduh?ref=${tok(3)}`)).ok).toBe(true);
    expect(g.admit(u(`https://k.go.id/unduh?ref=${tok(4)}`)).ok).toBe(false);
  });

  it('caps calendar families well below the pattern cap', () => {
    const g = new TrapGuard({ maxPerPattern: 50, maxPerCalendar: 3, now });
    const months = [1, 2, 3, 4, 5].map((m) => g.admit(u(`https://k.go.id/agenda?bulan=${m}&tahun=2025`)).ok);
    expect(months).toEqual([true, true, true, false, false]);
    const paths = [1, 2, 3, 4].map((d) => g.admit(u(`https://k.go.id/kalender/2025/07/${d}`)).ok);
    expect(paths).toEqual([true, true, true, false]);
  });

  it('refuses calendar pages far in the future', () => {
    const g = new TrapGuard({ now });
    expect(g.admit(u('https://k.go.id/events/2031/07/')).ok).toBe(false);
    expect(g.admit(u('https://k.go.id/agenda?month=7&year=2040')).ok).toBe(false);
    expect(g.admit(u('https://k.go.id/agenda?date=2026-04-01')).ok).toBe(true);
  });

  it('does not take a numeric id for a year', () => {
    const g = new TrapGuard({ maxPerCalendar: 1, now });
    expect([2045, 2046, 2099].map((id) => g.admit(u(`https://k.go.id/berita/${id}`)).ok)).toEqual([true, true, true]);
  });

  it('does not treat dated news articles as a calendar', () => {
    const g = new TrapGuard({ maxPerCalendar: 2, now });
    const ok = ['a', 'b', 'c', 'd'].map((s) => g.admit(u(`https://k.go.id/berita/2025/05/judul-${s}`)).ok);
    expect(ok).toEqual([true, true, true, true]);
  });

  it('refuses repeating segments and very long URLs', () => {
    const g = new TrapGuard({ now });
    expect(g.admit(u('https://k.go.id/berita/berita/berita/x')).ok).toBe(false);
    expect(g.admit(u('https://k.go.id/a/b/a/b/a/b')).ok).toBe(false);
    expect(g.admit(u('https://k.go.id/a/b/a/b')).ok).toBe(true);
    expect(g.admit(u(`https://k.go.id/${'x'.repeat(2100)}`)).ok).toBe(false);
  });
});
