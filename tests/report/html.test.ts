import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { esc, link, safeHref } from '../../src/report/html/escape.ts';
import { lineChart, phaseLadder, scoreMatrix, smallMultiples, spreadLabels, stackedBars, ticks, niceMax } from '../../src/report/html/charts.ts';
import { renderReport } from '../../src/report/html/render.ts';
import { SCRIPT } from '../../src/report/html/script.ts';
import { readRun } from '../../src/report/read-run.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { CITIES, XSS, writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
});
async function report(opts: { runs?: number; lang?: 'id' | 'en' } = {}): Promise<{ html: string; dir: string }> {
  const f = await writeFakeOutput({ runs: opts.runs });
  made.push(f);
  const dir = join(f.out, f.latest);
  await writeReport(dir, { lang: opts.lang });
  return { html: readFileSync(join(dir, 'report.html'), 'utf8'), dir };
}

describe('escaping', () => {
  it('escapes markup and only links http(s) URLs', () => {
    expect(esc(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref(' JAVASCRIPT:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('https://medan.go.id/a b')).toBe('https://medan.go.id/a%20b');
    expect(link('javascript:alert(1)')).not.toContain('href');
    expect(link('https://medan.go.id/"onmouseover="x')).not.toContain('"onmouseover');
  });

  it('never lets crawled text become markup in the report', async () => {
    const { html } = await report();
    // The fixture puts <script>alert(1)</script> in page titles and evidence, an <img onerror> in an app name.
    expect(html.includes(XSS)).toBe(false);
    expect(/<img/i.test(html)).toBe(false);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('javascript:alert(4)'); // shown as text, not as a link
    // Only our own script, allowed by its hash in the Content-Security-Policy.
    expect(html.match(/<script/g)).toHaveLength(1);
    const hash = createHash('sha256').update(SCRIPT).digest('base64');
    expect(html.includes(`script-src 'sha256-${hash}'`)).toBe(true);
    expect(html.includes(`default-src 'none'`)).toBe(true);
  });
});

describe('report.html', () => {
  it('names every city, in the overview and with a section each, and draws every chart', async () => {
    const { html } = await report();
    for (const c of CITIES) {
      expect(html).toContain(`>${c.name}</a></td>`);
      expect(html).toContain(`id="city-${c.id}"`);
    }
    for (const chart of ['criteria', 'phase', 'apps']) expect(html).toContain(`data-chart="${chart}"`);
    expect(html.match(/data-chart="trend"/g)).toHaveLength(2);
    expect(html).not.toMatch(/https?:\/\/[^"]*\.(js|css|woff2?)"/); // nothing to fetch
  });

  it('has no trend charts with a single finished run, and says why', async () => {
    const { html } = await report({ runs: 1 });
    expect(html).not.toContain('data-chart="trend"');
    expect(html).toContain('Tren muncul setelah ada lebih dari satu run yang selesai.');
  });

  it('speaks Indonesian by default and English with lang en', async () => {
    const id = await report({ runs: 1 });
    expect(id.html).toContain('<html lang="id">');
    expect(id.html).toContain('Ringkasan per kota');
    expect(id.html).toContain('tidak terpenuhi');
    const en = await report({ runs: 1, lang: 'en' });
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain('Overview by city');
    expect(en.html).toContain('not met');
    expect(en.html).not.toContain('Ringkasan per kota');
  });

  it('uses the rubric\'s criterion names and decimal commas in Indonesian', async () => {
    const { html } = await report({ runs: 1 });
    expect(html).toContain('Transparansi');
    expect(html).toMatch(/>\d+,\d</);
    // Indicators carry an Indonesian label in the rubric (name_id); the English report keeps `name`.
    expect(html).toContain('halaman profil daerah');
    const en = await report({ runs: 1, lang: 'en' });
    expect(en.html).toContain('profile pages');
    expect(en.html).not.toContain('halaman profil daerah');
  });

  it('caps the long tables and says how many rows were left out', async () => {
    const f = await writeFakeOutput({ runs: 1 });
    made.push(f);
    const run = await readRun(join(f.out, f.latest));
    const html = renderReport({ run, lang: 'en', toolVersion: '0.0.0', tableCap: 2 });
    // Broken links are not cut at a global cap: every city with one is listed, its targets grouped.
    const section = html.slice(html.indexOf('<section id="broken-links">'), html.indexOf('<section id="method">'));
    const cityIds = [...new Set(run.links.filter((l) => l.status === 'broken').map((l) => l.city_id!))];
    expect(cityIds.length).toBeGreaterThan(2);
    for (const id of cityIds) {
      const rows = run.links.filter((l) => l.status === 'broken' && l.city_id === id);
      const targets = new Set(rows.map((l) => l.target_url)).size;
      const name = run.cities.find((c) => c.city_id === id)!.city_name!;
      expect(section).toContain(`${name} — ${targets} dead target${targets === 1 ? '' : 's'}, ${rows.length} link${rows.length === 1 ? '' : 's'}`);
    }
    const inactive = run.applications.filter((a) => a.status === 'inactive').length;
    expect(html).toContain(`… and ${inactive - 2} more rows not shown; the full list is in applications.csv.`);
  });
});

describe('charts', () => {
  const frame = { id: 'c', title: 'T <b>', desc: 'D' };
  const sized = (svg: string) => {
    const m = /<svg[^>]* width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)"/.exec(svg);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![2])).toBeGreaterThan(0);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="c-t">T &lt;b&gt;</title>');
    return { w: Number(m![1]), h: Number(m![2]) };
  };

  it('score matrix: one row per city, bar length proportional to the score, dash when not assessed', () => {
    const svg = scoreMatrix({ ...frame, columns: ['A', 'Total'], rows: [{ label: 'Kota Medan', values: [50, null] }, { label: 'Kota Bogor', values: [100, 80] }], totalLast: true, format: String });
    const one = sized(svg);
    const three = sized(scoreMatrix({ ...frame, columns: ['A'], rows: [1, 2, 3].map((i) => ({ label: `K${i}`, values: [i] })), format: String }));
    expect(three.h).toBeGreaterThan(one.h);
    const bars = [...svg.matchAll(/fill="#56B4E9"/g)];
    expect(bars).toHaveLength(2);
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="#56B4E9"/g)].map((m) => Number(m[1]));
    expect(widths[1]! / widths[0]!).toBeCloseTo(2, 1);
    expect(svg).toContain('>–</text>');
  });

  it('phase ladder: every step labelled with its count, overflow summarised', () => {
    const svg = phaseLadder({ ...frame, steps: [{ key: 'none', label: 'None', cities: [] }, { key: 'presence', label: 'Presence', cities: ['A', 'B', 'C', 'D'] }], countLabel: (n) => `${n} cities`, moreLabel: (n) => `+${n} more`, maxNames: 3 });
    sized(svg);
    expect(svg).toContain('4 cities');
    expect(svg).toContain('0 cities');
    expect(svg).toContain('+2 more');
    expect(svg.includes('>D<title>')).toBe(false);
  });

  it('stacked bars: a legend entry per status and segment widths proportional to counts', () => {
    const svg = stackedBars({ ...frame, axisLabel: 'apps', series: [{ label: 'Active', color: '#0072B2', text: '#fff' }, { label: 'Inactive', color: '#D55E00', text: '#fff' }], rows: [{ label: 'Kota Medan', values: [6, 3] }] });
    sized(svg);
    expect(svg).toContain('>Active<');
    expect(svg).toContain('>Inactive<');
    const w = (c: string) => Number(new RegExp(`width="([\\d.]+)" height="[\\d.]+" fill="${c}" stroke="#ffffff" stroke-width="0.75"`).exec(svg)![1]);
    expect(w('#0072B2') / w('#D55E00')).toBeCloseTo(2, 1);
  });

  it('line chart and small multiples: a path per series, labels at the end', () => {
    const svg = lineChart({ ...frame, x: ['2026-01', '2026-02'], series: [{ label: 'Kota Medan', values: [40, 60] }, { label: 'Kota Bogor', values: [null, 70] }], yMax: 100, yLabel: 'Total', format: String });
    sized(svg);
    expect(svg.match(/<path d="M/g)).toHaveLength(1); // Bogor has one point: a marker, no line
    expect(svg).toContain('Kota Medan</text>'.replace('</text>', '<title>'));
    const sm = smallMultiples({ ...frame, x: ['a', 'b'], series: Array.from({ length: 9 }, (_, i) => ({ label: `K${i}`, values: [i, i + 1] })), yLabel: 'n', format: String });
    sized(sm);
    expect(sm.match(/<path d="M/g)).toHaveLength(9);
  });

  it('axis helpers', () => {
    expect(niceMax(8)).toBe(10);
    expect(niceMax(0)).toBe(1);
    expect(niceMax(230)).toBe(250);
    expect(ticks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(ticks(2, 5, true)).toEqual([0, 1, 2]);
    const ys = spreadLabels([100, 101, 102], 13, 0, 300);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(13);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(13);
  });
});
