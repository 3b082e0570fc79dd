import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpPool } from '../../src/crawl/politeness.ts';
import { html, startServer, testOptions, type TestServer } from './helpers.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('HttpPool', () => {
  let a: TestServer;
  let b: TestServer;
  let shared = 0;
  let sharedMax = 0;
  const starts: number[] = [];
  beforeAll(async () => {
    const handler = async (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (req.url === '/rate') return html(res, 'wait', 429, { 'retry-after': '1' });
      starts.push(Date.now());
      shared++;
      sharedMax = Math.max(sharedMax, shared);
      await wait(40);
      shared--;
      html(res, '<title>x</title>');
    };
    a = await startServer(handler);
    b = await startServer(handler);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('never exceeds perHost requests in flight on one origin', async () => {
    const pool = createHttpPool(testOptions({ perHost: 2, concurrency: 16 }));
    try {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => pool.fetch(`${a.origin}/p${i}`, 'page')));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(a.maxInFlight).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('keeps global concurrency global across origins', async () => {
    shared = 0;
    sharedMax = 0;
    const pool = createHttpPool(testOptions({ perHost: 4, concurrency: 1 }));
    try {
      await Promise.all(
        [a, b].flatMap((s) => Array.from({ length: 4 }, (_, i) => pool.fetch(`${s.origin}/g${i}`, 'page'))),
      );
      expect(sharedMax).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('spaces request starts on one origin by delayMs', async () => {
    starts.length = 0;
    const pool = createHttpPool(testOptions({ perHost: 4, concurrency: 4, delayMs: 80 }));
    try {
      await Promise.all(Array.from({ length: 4 }, (_, i) => pool.fetch(`${b.origin}/d${i}`, 'page')));
      expect(starts).toHaveLength(4);
      // Seen by the server, so checked cumulatively: the k-th arrives at least k delays after the
      // first (less a little slack). Gap by gap, a request that left on time but arrived late on a
      // loaded machine would look close to the next one; unspaced, all four arrive within a few ms.
      starts.forEach((t, k) => expect(t - starts[0]!, `request ${k}`).toBeGreaterThanOrEqual(k * 80 - 25));
    } finally {
      await pool.close();
    }
  });

  it('slows an origin down after a Retry-After', async () => {
    const pool = createHttpPool(testOptions({ retries: 1 }));
    try {
      expect(pool.originDelay(a.origin)).toBe(0);
      // retries: 1 → no retry, so no Retry-After handling: the delay stays.
      await pool.fetch(`${a.origin}/rate`, 'page');
      expect(pool.originDelay(a.origin)).toBe(0);
    } finally {
      await pool.close();
    }
    const retrying = createHttpPool(testOptions({ retries: 2 }));
    try {
      const r = await retrying.fetch(`${a.origin}/rate`, 'page');
      expect(r.reason).toBe('http_429');
      expect(r.attempts).toHaveLength(2);
      expect(retrying.originDelay(a.origin)).toBeGreaterThanOrEqual(1000);
    } finally {
      await retrying.close();
    }
  });

  it('shares a link check among callers that allow it, but not with one that was stopped', async () => {
    const pool = createHttpPool(testOptions({ perHost: 2, concurrency: 4 }));
    try {
      const before = a.requests.length;
      const [x, y] = await Promise.all([
        pool.fetch(`${a.origin}/bersama`, 'check', { share: true }),
        pool.fetch(`${a.origin}/bersama`, 'check', { share: true }),
      ]);
      expect([x.status, y.status]).toEqual([200, 200]);
      expect(a.requests.slice(before).map((r) => r.path)).toEqual(['/bersama']);
      // Not shared unless asked: a caller's own fetch is its own.
      await pool.fetch(`${a.origin}/bersama`, 'check');
      expect(a.requests.slice(before).map((r) => r.path)).toEqual(['/bersama', '/bersama']);

      const stopped = new AbortController();
      const first = pool.fetch(`${a.origin}/berhenti`, 'check', { share: true, signal: stopped.signal });
      const second = pool.fetch(`${a.origin}/berhenti`, 'check', { share: true });
      stopped.abort();
      expect((await first).detail).toBe('aborted');
      const own = await second;
      expect([own.status, own.reason]).toEqual([200, 'ok']);
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const pool = createHttpPool(testOptions());
    await pool.close();
    await expect(pool.schedule(a.origin, async () => 1)).rejects.toThrow(/closed/);
  });
});
