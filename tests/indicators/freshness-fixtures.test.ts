// The freshness indicators on pages built like real portals: two-digit years of Hugo list themes,
// year-less datelines, agendas, footers and copyright years, forms that offer dates, tables of
// statistics. Each fixtures/<id>/pass-*.html must meet its indicator and quote the page's words
// for the date it took (pass-*.json "quote"); each fail-*.html must not meet it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIndicators } from '../../src/indicators/index.ts';
import { loadRubric, type Rubric } from '../../src/score/index.ts';
import { pageRow } from '../../src/run/run-files.ts';
import { cityFromHtml, FIXTURE_PORTAL } from './helpers.ts';

const DIR = join(import.meta.dirname, 'fixtures');
const IDS = ['u_fresh_30', 'u_fresh_365', 'u_regular'];

let rubric: Rubric;
beforeAll(async () => {
  rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
});

interface Meta {
  url?: string;
  quote?: string;
}

const cases = (which: 'pass' | 'fail') =>
  IDS.flatMap((id) =>
    readdirSync(join(DIR, id))
      .filter((f) => f.startsWith(`${which}-`) && f.endsWith('.html'))
      .map((f) => [id, f.slice(0, -'.html'.length)] as [string, string]),
  );

async function run(id: string, name: string) {
  const metaFile = join(DIR, id, `${name}.json`);
  const meta: Meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
  const page = { url: meta.url ?? FIXTURE_PORTAL, html: readFileSync(join(DIR, id, `${name}.html`), 'utf8') };
  const spec = rubric.indicators.find((i) => i.id === id)!;
  return { result: (await runIndicators([spec], cityFromHtml([page])))[0]!, meta };
}

describe('freshness on real page structures', () => {
  it('has structure fixtures of both kinds for every freshness indicator', () => {
    for (const id of IDS) {
      expect(cases('pass').some(([i]) => i === id), id).toBe(true);
      expect(cases('fail').some(([i]) => i === id), id).toBe(true);
    }
  });

  it.each(cases('pass'))('%s: %s meets it and quotes the page', async (id, name) => {
    const { result, meta } = await run(id, name);
    expect(result.met, result.note).toBe(true);
    expect(result.points).toBe(result.maxPoints);
    expect(result.evidence.length).toBeGreaterThan(0);
    for (const e of result.evidence) {
      expect(e.text).toMatch(/^\d{4}-\d{2}-\d{2}, \d+ days before the crawl: ".+"$/);
      expect(e.text.length).toBeLessThanOrEqual(160);
    }
    expect(meta.quote, `${name}.json names the words the evidence must quote`).toBeDefined();
    expect(result.evidence.map((e) => e.text).join('\n')).toContain(meta.quote!);
  });

  it.each(cases('fail'))('%s: %s does not meet it', async (id, name) => {
    const { result } = await run(id, name);
    expect(result.met, JSON.stringify(result.evidence)).toBe(false);
    expect(result.points ?? 0).toBeLessThan(result.maxPoints);
  });
});

describe('pages.csv newest_date_text', () => {
  it('quotes the words the newest date was read from, or the tag it came from', () => {
    const html = (body: string, head = '') => `<!doctype html><html lang="id"><head>${head}</head><body>${body}</body></html>`;
    const city = cityFromHtml([
      { url: FIXTURE_PORTAL, html: html('<div class="card">09 Mar 26</div><h2>Rapat Koordinasi Banjir</h2><footer>© 2026</footer>') },
      { url: `${FIXTURE_PORTAL}profil`, html: html('<h1>Profil</h1>', '<meta property="article:modified_time" content="2025-11-02T08:00:00+07:00">') },
      { url: `${FIXTURE_PORTAL}kontak`, html: html('<h1>Kontak</h1><footer>Copyright © 2026</footer>') },
    ]);
    const rows = city.pages.map((p) => pageRow('r', 'kota-contoh', p));
    expect(rows.map((r) => [r.newest_date, r.newest_date_text])).toEqual([
      ['2026-03-09', '09 Mar 26 Rapat Koordinasi Banjir © 2026'],
      ['2025-11-02', 'meta: 2025-11-02T08:00:00+07:00'],
      ['', ''],
    ]);
  });
});
