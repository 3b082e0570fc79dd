// The example portals, crawled over loopback like real ones: each must get the phase its author
// intended, totals must order by maturity, and every point must be backed by evidence.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createHttpPool } from '../../src/crawl/index.ts';
import { crawlCity } from '../../src/run/crawl-city.ts';
import { makeSettings } from '../../src/run/settings.ts';
import type { Target } from '../../src/config/targets.ts';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import type { CityFacts } from '../../src/gather/city-facts.ts';
import { criteriaRows, evaluateCity, loadRubric, PHASES, summaryTable, type CityEvaluation, type Rubric } from '../../src/score/index.ts';
import { say } from '../support/say.ts';

const ORDER = ['none', ...PHASES];
let server: PortalServer;
let rubric: Rubric;
let losi: Rubric;
let journals: string;
const cities: Array<{ id: string; intended: string; facts: CityFacts; evaluation: CityEvaluation }> = [];

/** The run's own crawl of one city (crawl, gather, flags), with nothing rendered. */
async function crawl(target: ReturnType<PortalServer['targets']>[number]): Promise<CityFacts> {
  const settings = makeSettings({
    out: journals,
    runId: 'e2e',
    render: 'never',
    now: DEMO_NOW,
    crawl: { resolve: server.resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4, concurrency: 8, checkExternal: false, retries: 1 },
  });
  const pool = createHttpPool(settings.crawl);
  try {
    return (await crawlCity(target as Target, settings, journals, pool, DEMO_NOW, undefined, undefined)).facts;
  } finally {
    await pool.close();
  }
}

beforeAll(async () => {
  journals = await mkdtemp(join(tmpdir(), 'egovscan-portals-'));
  rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
  losi = await loadRubric(join(import.meta.dirname, '../../criteria/losi-2022.yaml'));
  server = await startPortalServer();
  // Static crawl only: the client-rendered portal is scored with --render in tests/render.
  const staticIds = new Set(server.cities.filter((c) => c.rendering === 'server').map((c) => c.id));
  const targets = server.targets().filter((t) => staticIds.has(t.id));
  const results = await Promise.all(targets.map((t) => crawl(t)));
  for (const [i, t] of targets.entries()) {
    const intended = server.cities.find((c) => c.id === t.id)!.phase;
    cities.push({ id: t.id, intended, facts: results[i]!, evaluation: await evaluateCity(rubric, results[i]!) });
  }
  // For a human reading the test log.
  say(summaryTable(rubric, cities.map((c) => ({ cityId: `${c.id} (${c.intended})`, evaluation: c.evaluation }))));
  for (const c of cities) say(`${c.id}: ${c.evaluation.phaseReason}`);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (journals) await rm(journals, { recursive: true, force: true });
});

describe('example portals', () => {
  it('were all crawled', () => {
    expect(cities.length).toBeGreaterThanOrEqual(8);
    for (const c of cities) {
      expect(c.facts.reachable, c.id).toBe(true);
      expect(c.facts.pages.filter((p) => p.read).length, c.id).toBeGreaterThan(3);
    }
  });

  it('each gets its intended phase', () => {
    expect(cities.map((c) => `${c.id}: ${c.evaluation.phase}`)).toEqual(cities.map((c) => `${c.id}: ${c.intended}`));
  });

  it('order by total score as they order by maturity', () => {
    const sorted = [...cities].sort((a, b) => ORDER.indexOf(a.intended) - ORDER.indexOf(b.intended));
    for (let i = 1; i < sorted.length; i++) {
      const lo = sorted[i - 1]!;
      const hi = sorted[i]!;
      if (lo.intended === hi.intended) continue;
      expect(hi.evaluation.total!, `${hi.id} (${hi.intended}) vs ${lo.id} (${lo.intended})`).toBeGreaterThan(lo.evaluation.total!);
    }
  });

  it('back every point with evidence in criteria.csv', () => {
    for (const c of cities) {
      const rows = criteriaRows('e2e', c.id, c.evaluation);
      for (const crit of c.evaluation.criteria) {
        if (!crit.score) continue;
        const earning = rows.filter((r) => r.criterion === crit.id && typeof r.points === 'number' && r.points > 0);
        expect(earning.length, `${c.id} ${crit.id}`).toBeGreaterThan(0);
        for (const r of earning) expect(r.evidence_url, `${c.id} ${r.indicator}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('can be scored with the LOSI rubric too', async () => {
    const losiTotals = new Map<string, number>();
    for (const c of cities) {
      const e = await evaluateCity(losi, c.facts);
      losiTotals.set(c.id, e.total!);
      expect(e.total, c.id).not.toBeNull();
      expect(e.indicators.filter((i) => i.met === null).length).toBeGreaterThan(0);
      expect(e.indicators.find((i) => i.id === 'pe_email_quality')!.met).toBeNull();
    }
    const losiTotal = (id: string) => losiTotals.get(id)!;
    const least = cities.filter((c) => c.intended === 'presence').map((c) => losiTotal(c.id));
    const most = cities.filter((c) => c.intended === 'transformation').map((c) => losiTotal(c.id));
    if (least.length && most.length) expect(Math.min(...most)).toBeGreaterThan(Math.max(...least));
  });
});
