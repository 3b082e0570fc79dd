// Pages gathered in a worker thread must give exactly the facts gathered on the main thread.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { analyseInPool, gatherWorkerCount } from '../../src/run/gather-pool.ts';
import { analysePage } from '../../src/run/analyse-page.ts';

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
});
