import { describe, expect, it } from 'vitest';
import { pathPattern, TrapGuard } from '../../src/crawl/traps.ts';

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
