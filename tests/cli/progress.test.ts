// Progress as a user reads it: timestamped lines in a log (a stage's start and end, a status line
// at most every 15 s), and on a terminal bars per stage with counts, totals and an ETA.
import { describe, expect, it } from 'vitest';
import { createProgress, type ProgressDisplay } from '../../src/cli/progress.ts';
import { TtyProgress } from '../../src/cli/progress-tty.ts';

const T0 = Date.parse('2026-12-01T02:00:00Z');

function fakeStream(tty: boolean) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { isTTY: tty, columns: 120, write: (s: string) => (chunks.push(s), true) },
  };
}

function clock() {
  let t = T0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Four cities: the first crawled in 10 s, the second half-way; then applications and Lighthouse. */
function drive(p: ProgressDisplay, c: ReturnType<typeof clock>) {
  p.update({ cityId: 'medan', fetched: 1, queued: 9, failed: 0, url: 'https://medan.example/' });
  c.advance(5_000);
  p.update({ cityId: 'medan', fetched: 6, queued: 4, failed: 0, url: 'https://medan.example/6' });
  c.advance(5_000);
  p.stage({ stage: 'crawl', cityId: 'medan', done: 10, total: 10 });
  p.update({ cityId: 'surabaya', fetched: 5, queued: 5, failed: 1, url: 'https://surabaya.example/5' });
  p.stage({ stage: 'applications', cityId: 'medan', done: 0, total: 12 });
}

describe('progress in a log (not a terminal)', () => {
  it('writes a timestamped start line, a status line at most every 15 s, and end lines', () => {
    const c = clock();
    const { chunks, stream } = fakeStream(false);
    const p = createProgress({ cities: 2, maxPages: 100, stream, now: c.now });
    p.update({ cityId: 'medan', fetched: 1, queued: 9, failed: 0, url: 'u' });
    c.advance(10_000);
    p.update({ cityId: 'medan', fetched: 5, queued: 5, failed: 0, url: 'u' });
    // Ten seconds in: no status line yet.
    expect(chunks.join('')).toBe('2026-12-01T02:00:00Z crawl started: 2 cities\n');
    c.advance(6_000);
    p.update({ cityId: 'medan', fetched: 8, queued: 2, failed: 1, url: 'u' });
    p.update({ cityId: 'medan', fetched: 9, queued: 1, failed: 1, url: 'u' });
    p.stage({ stage: 'crawl', cityId: 'medan', done: 10, total: 10 });
    p.stage({ stage: 'applications', cityId: 'medan', done: 0, total: 3 });
    p.stage({ stage: 'applications', cityId: 'medan', done: 3, total: 3 });
    p.cityDone('medan', 'medan: 10 pages', 1);
    p.update({ cityId: 'surabaya', fetched: 2, queued: 2, failed: 0, url: 'u' });
    c.advance(4_000);
    p.stage({ stage: 'crawl', cityId: 'surabaya', done: 4, total: 4 });
    p.stage({ stage: 'applications', cityId: 'surabaya', done: 0, total: 0 });
    p.stage({ stage: 'report', done: 0, total: 1 });
    p.stage({ stage: 'report', done: 1, total: 1 });
    p.end();
    const lines = chunks.join('').split('\n').filter(Boolean);
    for (const l of lines) expect(l).toMatch(/^2026-12-01T02:00:\d\dZ [^\x1b\r]+$/);
    expect(lines.map((l) => l.slice(21))).toEqual([
      'crawl started: 2 cities',
      // 16 s in, medan at 8 of 10 pages: 0.4 of the run done, 24 s to go.
      'status: crawl 0/2 cities, ETA 24s (medan 8 fetched / 10 found, 1 failed)',
      'applications started: each city\'s applications are checked when its crawl ends',
      '[1/2] medan: 10 pages',
      'crawl done: 2/2 cities, 14 pages in 20s',
      'applications done: 3/3 applications in 4s',
      'report started: writing the files',
      'report done: files written in 0s',
    ]);
  });

  it('says where each stage stopped when the run ends early', () => {
    const c = clock();
    const { chunks, stream } = fakeStream(false);
    const p = createProgress({ cities: 3, maxPages: 100, stream, now: c.now });
    p.update({ cityId: 'medan', fetched: 4, queued: 20, failed: 0, url: 'u' });
    p.stage({ stage: 'crawl', cityId: 'medan', done: 4, total: 4 });
    p.end();
    expect(chunks.join('')).toContain('crawl stopped: 1/3 cities\n');
  });
});

describe('progress in a log while nothing happens', () => {
  it('still says the status every interval (a Lighthouse audit sends no event for a minute)', async () => {
    const { chunks, stream } = fakeStream(false);
    const p = createProgress({ cities: 1, maxPages: 100, stream, statusEveryMs: 1_500 });
    try {
      p.stage({ stage: 'crawl', cityId: 'medan', done: 10, total: 10 });
      p.stage({ stage: 'lighthouse', done: 0, total: 3 });
      await new Promise((r) => setTimeout(r, 2_300));
      expect(chunks.join('')).toMatch(/Z status: lighthouse 0\/3 pages, ETA –\n/);
    } finally {
      p.end();
    }
    const n = chunks.length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(chunks.length).toBe(n);
  });
});

describe('progress on a terminal', () => {
  const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

  it('draws a bar per stage with counts, totals and an ETA, and a bar per city being crawled', () => {
    const c = clock();
    const { chunks, stream } = fakeStream(true);
    const p = createProgress({ cities: 4, maxPages: 100, lighthouse: true, stream, now: c.now });
    expect(p).toBeInstanceOf(TtyProgress);
    try {
      drive(p, c);
      (p as TtyProgress).render();
      const screen = strip(chunks.join(''));
      // One city of four crawled and the second half-way after 10 s: 1.5 of 4 in 10 s, 17 s to go.
      expect(screen).toMatch(/crawl\s+█+░+ 1\/4 cities · 15 pages · ETA 17s/);
      expect(screen).toMatch(/ {2}surabaya\s+█+░+ 5 fetched \/ 10 found, 1 failed/);
      // Three cities still to crawl: the applications' total can only grow, so no ETA yet.
      expect(screen).toMatch(/applications\s+░+ 0\/12\+ applications · ETA –/);
      expect(screen).toMatch(/lighthouse\s+░+ waiting/);
      expect(screen).not.toContain('medan  ');

      c.advance(30_000);
      for (const city of ['surabaya', 'bandung', 'makassar']) p.stage({ stage: 'crawl', cityId: city, done: 10, total: 10 });
      p.stage({ stage: 'applications', cityId: 'medan', done: 12, total: 12 });
      p.stage({ stage: 'lighthouse', done: 0, total: 12 });
      c.advance(60_000);
      p.stage({ stage: 'lighthouse', cityId: 'medan', done: 3, total: 3 });
      chunks.length = 0;
      (p as TtyProgress).render();
      const later = strip(chunks.join(''));
      // 3 of 12 pages audited in 60 s: 3 minutes to go.
      expect(later).toMatch(/lighthouse\s+█+░+ 3\/12 pages · ETA 3m 00s/);
      expect(later).toMatch(/crawl done: 4\/4 cities, 40 pages in 40s/);
      expect(later).toMatch(/crawl\s+█+ 4\/4 cities · 40 pages · done/);
    } finally {
      p.end();
    }
    // Stopped: no more redraws are scheduled.
    const n = chunks.length;
    p.log('after the end');
    expect(chunks.slice(n).join('')).toBe('after the end\n');
  });
});
