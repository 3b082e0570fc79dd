// Pages gathered in a worker thread must give exactly the facts gathered on the main thread.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { analyseInPool, gatherWorkerCount, TOO_COMPLEX } from '../../src/run/gather-pool.ts';
import { analysePage } from '../../src/run/analyse-page.ts';
import { factsFingerprint, fingerprintOf } from '../../src/run/facts-fingerprint.ts';
import { factsJsonOf } from '../../src/run/facts-json.ts';

const fixture = new URL('../gather/fixtures/portal-kota.html', import.meta.url);

describe('gather worker pool', () => {
  it('starts workers only where there is a core to spare', () => {
    expect(gatherWorkerCount()).toBeGreaterThanOrEqual(0);
    expect(gatherWorkerCount()).toBeLessThanOrEqual(3);
  });

  it('gives the same facts, flags included, as gathering on the main thread', async () => {
    const html = await readFile(fixture, 'utf8');
    const req = { html, url: 'https://www.tanjungsarikota.go.id/', portal: 'https://www.tanjungsarikota.go.id/', domains: ['tanjungsarikota.go.id'], now: Date.parse('2024-03-01T00:00:00Z') };
    const here = analysePage(req);
    const there = await analyseInPool(req);
    expect(there).toEqual(here);
    expect(here.links.length).toBeGreaterThan(10);
    // The trap guards' fingerprint comes with the facts from the worker, and is the same one.
    expect(fingerprintOf(there)).toBe(factsFingerprint(here));
    // So does the facts' JSON for the journal, the same as serialising them here, until the facts
    // are changed after gathering (an unrendered app shell is marked on them).
    const json = factsJsonOf(there);
    if (gatherWorkerCount() > 0) expect(json).toBeDefined();
    if (json) expect(new TextDecoder().decode(json)).toBe(JSON.stringify(here));
    there.appShell = 'empty_root';
    expect(factsJsonOf(there)).toBeUndefined();
  });

  it('answers many pages at once, each with its own facts', async () => {
    const pages = Array.from({ length: 40 }, (_, i) => ({
      html: `<html><head><title>Berita ${i}</title></head><body><a href="/berita/${i}">Berita ${i}</a></body></html>`,
      url: `https://kota.example/halaman/${i}`,
      portal: 'https://kota.example/',
      domains: [],
      now: Date.now(),
    }));
    const facts = await Promise.all(pages.map((p) => analyseInPool(p)));
    facts.forEach((f, i) => {
      expect(f.meta.title).toBe(`Berita ${i}`);
      expect(f.links[0]!.href).toBe(`https://kota.example/berita/${i}`);
    });
  });

  it('a page over the time budget is answered too_complex, its worker replaced, and other pages go on', async () => {
    const before = process.env.EGOVSCAN_PAGE_BUDGET_MS;
    process.env.EGOVSCAN_PAGE_BUDGET_MS = '300';
    try {
      // Warm the pool so that the timings below do not include a worker's start.
      await analyseInPool({ html: '<p>x</p>', url: 'https://kota.example/', portal: 'https://kota.example/', domains: [], now: Date.now() });
      // 19,000 forms in 2 MB (the parse cap): most of a second of honest work, past a 300 ms budget.
      const slow = '<html><body>' + '<form action="/cari"><label for="q">Cari</label><input id="q" name="q"><button>Cari</button></form>'.repeat(19_000) + '</body></html>';
      const started = performance.now();
      let hostileMs = Infinity;
      const hostile = analyseInPool({ html: slow, url: 'https://kota.example/lambat', portal: 'https://kota.example/', domains: [], now: Date.now() })
        .then((f) => {
          hostileMs = performance.now() - started;
          return f;
        });
      // Healthy pages sent once the hostile one has been running a while (past a third of the
      // budget, the pool's 'slow'): they must not wait for it.
      await new Promise((r) => setTimeout(r, 150));
      const healthyStart = performance.now();
      const healthy = await Promise.all(
        Array.from({ length: 10 }, (_, i) => analyseInPool({
          html: `<html><head><title>Layanan ${i}</title></head><body><a href="/layanan/${i}">Layanan ${i}</a></body></html>`,
          url: `https://kota.example/layanan-${i}`, portal: 'https://kota.example/', domains: [], now: Date.now(),
        })),
      );
      const healthyMs = performance.now() - healthyStart;
      healthy.forEach((f, i) => expect(f.meta.title).toBe(`Layanan ${i}`));
      const facts = await hostile;
      expect(facts.flags).toEqual([TOO_COMPLEX]);
      expect(facts.cut).toEqual({ tooComplexMs: 300 });
      expect(facts.links).toEqual([]);
      expect(hostileMs).toBeLessThan(1500);
      // Answered at once (here or by a spare worker), not after the stuck one's budget.
      expect(healthyMs).toBeLessThan(500);
      // And the pool still works after the worker was replaced.
      const after = await analyseInPool({ html: '<title>Sesudah</title>', url: 'https://kota.example/s', portal: 'https://kota.example/', domains: [], now: Date.now() });
      expect(after.meta.title).toBe('Sesudah');
    } finally {
      if (before === undefined) delete process.env.EGOVSCAN_PAGE_BUDGET_MS;
      else process.env.EGOVSCAN_PAGE_BUDGET_MS = before;
    }
  }, 30_000);
});
