// End to end: a real crawl of the bundled example portals, the blank coding sheet written by
// `egovscan agree --template`, a coding sheet filled in with known disagreements (as Indonesian
// Excel saves it), and `egovscan agree` through the command line; κ is recomputed here from the
// sheet and the run's criteria.csv.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgreeCommand, type AgreeCommandOptions } from '../../src/cli/commands/agree.ts';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import { tableFromCsv, type Row } from '../../src/report/read-run.ts';
import { runCrawl, type RunResult } from '../../src/run/crawl-run.ts';
import { makeSettings } from '../../src/run/settings.ts';

const exec = promisify(execFile);
const LADDER = ['none', 'presence', 'interaction', 'transaction', 'transformation'];

let server: PortalServer;
let out: string;
let result: RunResult;
let criteria: Row[];
let cities: Row[];

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ['bin/egovscan.js', 'agree', ...args], { timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
const csv = (file: string) => tableFromCsv(readFileSync(file, 'utf8'));
/** egovscan's met as docs/agreement.md defines it: points / max_points ≥ 0.5, or `met` for a points-free indicator. */
const egovMet = (r: Row) => (Number(r.max_points) > 0 ? Number(r.points) / Number(r.max_points) >= 0.5 : r.met === 'true');
/** Cohen's κ of a 2×2 table, written out here independently of src/agree. */
function kappa2(a: number, b: number, c: number, d: number): number {
  const n = a + b + c + d;
  const po = (a + d) / n;
  const pe = ((a + b) / n) * ((a + c) / n) + ((c + d) / n) * ((b + d) / n);
  return (po - pe) / (1 - pe);
}
const cell = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

beforeAll(async () => {
  server = await startPortalServer();
  out = await mkdtemp(join(tmpdir(), 'egovscan-agree-'));
  const staticIds = new Set(server.cities.filter((c) => c.rendering === 'server').map((c) => c.id));
  const settings = makeSettings({
    out,
    runId: 'agree-e2e',
    render: 'never',
    now: DEMO_NOW,
    crawl: { resolve: server.resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4 },
  });
  result = await runCrawl(server.targets().filter((t) => staticIds.has(t.id)), settings);
  criteria = csv(join(result.dir, 'criteria.csv')).rows;
  cities = csv(join(result.dir, 'cities.csv')).rows;
}, 150_000);

afterAll(async () => {
  await server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

describe('egovscan agree over a real run', () => {
  it('writes a blind coding sheet: every assessed city × indicator, where to look, no verdict', async () => {
    const r = await cli(['--template', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = join(result.dir, 'coding-sheet.csv');
    expect(r.stdout).toContain(`Written: ${file}`);
    const sheet = csv(file);
    expect(sheet.columns).toEqual(['city_id', 'city_name', 'portal_url', 'indicator', 'indicator_name', 'criterion', 'description', 'start_url', 'met', 'phase', 'note']);
    const assessed = criteria.filter((c) => c.met !== '');
    expect(assessed.length).toBeLessThan(criteria.length); // the Lighthouse indicators were not run
    expect(sheet.rows.map((x) => `${x.city_id}/${x.indicator}`)).toEqual(assessed.map((c) => `${c.city_id}/${c.indicator}`));
    for (const x of sheet.rows) {
      expect([x.met, x.phase, x.note]).toEqual(['', '', '']);
      expect(x.start_url).toMatch(/^http:\/\//);
      expect(x.description.length).toBeGreaterThan(10);
      expect(x.indicator_name).not.toBe('');
    }
    expect(sheet.rows.some((x) => x.indicator === 'd_accessibility')).toBe(false);
  });

  it('reproduces the agreement of a coding sheet with known disagreements', async () => {
    const assessed = criteria.filter((c) => c.met !== '');
    // The coder agrees with egovscan except on five items: three egovscan credits denied (one of
    // them a partial credit of exactly one half) and two misses of egovscan's.
    // One sampled row is left uncoded (met blank): it counts nowhere.
    const uncoded = assessed[1]!;
    const partial = assessed.find((c) => c !== uncoded && Number(c.max_points) > 0 && Number(c.points) / Number(c.max_points) === 0.5);
    expect(partial, 'the example portals have a half-credit indicator').toBeDefined();
    const metRows = assessed.filter((c) => egovMet(c) && c !== partial && c !== uncoded);
    const unmetRows = assessed.filter((c) => !egovMet(c) && c !== uncoded);
    const denied = new Set([partial!, metRows[3]!, metRows[metRows.length - 2]!]);
    const missed = new Set([unmetRows[1]!, unmetRows[unmetRows.length - 1]!]);

    // Phases: all as egovscan's, but one city a rung higher and one two rungs off.
    const phaseOf = new Map(cities.map((c) => [c.city_id!, c.phase!]));
    const [oneUp, twoOff] = cities.map((c) => c.city_id!);
    const shift = (p: string, by: number) => LADDER[LADDER.indexOf(p) + by] ?? LADDER[LADDER.indexOf(p) - by]!;
    phaseOf.set(oneUp!, shift(phaseOf.get(oneUp!)!, 1));
    phaseOf.set(twoOff!, shift(phaseOf.get(twoOff!)!, 2));

    const lines = ['city_id;indicator;met;phase;note'];
    let a = 0, b = 0, c = 0, d = 0; // both met, coder only, egovscan only, neither
    for (const r of assessed) {
      if (r === uncoded) {
        lines.push(`${r.city_id};${r.indicator};;${phaseOf.get(r.city_id!)};`);
        continue;
      }
      const e = egovMet(r);
      const coder = denied.has(r) ? false : missed.has(r) ? true : e;
      if (coder && e) a++;
      else if (coder) b++;
      else if (e) c++;
      else d++;
      const note = denied.has(r) || missed.has(r) ? `dicek; "manual" ${r.indicator}` : '';
      lines.push([r.city_id!, r.indicator!, coder ? 'ya' : 'tidak', phaseOf.get(r.city_id!)!, cell(note)].join(';'));
    }
    // Coded, but not assessed by egovscan (no --lighthouse): left out and listed.
    lines.push(`${cities[0]!.city_id};d_accessibility;ya;;`, `${cities[1]!.city_id};d_accessibility;tidak;;`);
    const sheetFile = join(out, 'coding.csv');
    await writeFile(sheetFile, `\uFEFF${lines.join('\r\n')}\r\n`);

    const resultsDir = join(out, 'results');
    const r = await cli(['--run', result.dir, '--coding', sheetFile, '--results', resultsDir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/overall\s+\d+/);
    expect(r.stdout).toContain('left out (not assessed by egovscan in this run): d_accessibility (2)');

    const agreement = csv(join(resultsDir, 'agreement.csv')).rows;
    const overall = agreement.find((x) => x.level === 'overall')!;
    const n = a + b + c + d;
    expect([overall.n, overall.both_met, overall.coder_only, overall.egovscan_only, overall.neither].map(Number)).toEqual([n, a, b, c, d]);
    expect(b).toBe(2);
    expect(c).toBe(3);
    expect(Number(overall.percent_agreement)).toBe(Math.round((1000 * (a + d)) / n) / 10);
    const k = kappa2(a, b, c, d);
    expect(Number(overall.kappa)).toBe(Math.round(k * 1000) / 1000);
    expect(Number(overall.kappa_ci_low)).toBeLessThan(k);
    expect(Number(overall.kappa_ci_high)).toBeGreaterThan(k);
    const json = JSON.parse(readFileSync(join(resultsDir, 'agreement.json'), 'utf8'));
    expect(json.overall.kappa).toBeCloseTo(k, 12);
    expect(json.not_coded_rows).toBe(1);
    expect(json.not_assessed).toEqual([{ indicator: 'd_accessibility', criterion: 'display', coded: 2 }]);

    // Per indicator: the partial-credit indicator's row counts its denial.
    const rowsOf = (ind: string) => assessed.filter((x) => x.indicator === ind && x !== uncoded);
    const pRow = agreement.find((x) => x.level === 'indicator' && x.indicator === partial!.indicator)!;
    expect(Number(pRow.n)).toBe(rowsOf(partial!.indicator!).length);
    expect(Number(pRow.egovscan_only)).toBeGreaterThanOrEqual(1);
    const notAssessedRow = agreement.find((x) => x.indicator === 'd_accessibility')!;
    expect(notAssessedRow.n).toBe('0');
    expect(notAssessedRow.note).toMatch(/not assessed by egovscan/);
    // Criterion rows add up to the overall row.
    const crit = agreement.filter((x) => x.level === 'criterion');
    expect(crit.reduce((s, x) => s + Number(x.n), 0)).toBe(n);

    // Disagreements: the five items with egovscan's evidence and the coder's note, then the phases.
    const dis = csv(join(resultsDir, 'disagreements.csv')).rows;
    const items = dis.filter((x) => x.kind === 'indicator');
    expect(items.map((x) => `${x.city_id}/${x.indicator}`).sort()).toEqual([...denied, ...missed].map((x) => `${x.city_id}/${x.indicator}`).sort());
    for (const x of items) {
      const src = criteria.find((y) => y.city_id === x.city_id && y.indicator === x.indicator)!;
      expect(x.evidence_url).toBe(src.evidence_url);
      expect(x.evidence_text).toBe(src.evidence_text);
      expect(x.coder_note).toBe(`dicek; "manual" ${x.indicator}`);
      expect(x.coder).toBe(missed.has(src) ? 'met' : 'not met');
      expect(x.egovscan).toBe(missed.has(src) ? 'not met' : 'met');
    }
    const halfRow = items.find((x) => x.city_id === partial!.city_id && x.indicator === partial!.indicator)!;
    expect([halfRow.egovscan, halfRow.egovscan_value]).toEqual(['met', '0.5']);
    const phaseDis = dis.filter((x) => x.kind === 'phase');
    expect(phaseDis.map((x) => x.city_id).sort()).toEqual([oneUp, twoOff].sort());

    const phase = agreement.find((x) => x.level === 'phase')!;
    const nc = cities.length;
    expect(Number(phase.n)).toBe(nc);
    expect(Number(phase.agree)).toBe(nc - 2);
    expect(Number(phase.percent_agreement)).toBe(Math.round((1000 * (nc - 2)) / nc) / 10);
    expect(Number(phase.percent_within_one_rung)).toBe(Math.round((1000 * (nc - 1)) / nc) / 10);
    const matrix: number[][] = json.phase.matrix_rows_coder_columns_egovscan;
    expect(matrix.flat().reduce((s, x) => s + x, 0)).toBe(nc);
    const egovPhase = new Map(cities.map((x) => [x.city_id!, x.phase!]));
    expect(matrix[LADDER.indexOf(phaseOf.get(twoOff!)!)]![LADDER.indexOf(egovPhase.get(twoOff!)!)]).toBeGreaterThanOrEqual(1);

    // Without --results the files go into the run folder; --run takes a run id in --out too.
    const again = await cli(['--run', 'agree-e2e', '--out', out, '--coding', sheetFile]);
    expect(again.code).toBe(0);
    expect(csv(join(result.dir, 'agreement.csv')).rows).toEqual(agreement);
  }, 120_000);

  it('stops at a bad sheet with one line naming file, line and column, exit 2, nothing written', async () => {
    const [first, second] = criteria.filter((c) => c.met !== '');
    const file = join(out, 'bad.csv');
    const resultsDir = join(out, 'bad-results');
    await writeFile(file, `city_id,indicator,met\n${first!.city_id},${first!.indicator},1\nnowhere,${second!.indicator},0\n${second!.city_id},${second!.indicator},kadang\n`);
    const r = await cli(['--run', result.dir, '--coding', file, '--results', resultsDir]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('egovscan agree: 2 problems in the coding sheet, nothing was written:');
    expect(lines[1]).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: line 3: city_id: unknown city "nowhere" in run agree-e2e`));
    expect(lines[2]).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: line 4: met: "kadang" is not a coding word`));
    expect(existsSync(resultsDir)).toBe(false);

    await writeFile(file, `city;indicator;met\n${first!.city_id};${first!.indicator};1\n`);
    // The same checks in-process (the command line above already showed the exit code reaches the shell).
    const inProcess = async (o: Omit<AgreeCommandOptions, 'stdout' | 'stderr'>) => {
      const err: string[] = [];
      const code = await runAgreeCommand({ ...o, stdout: () => {}, stderr: (s) => err.push(s) });
      return { code, stderr: err.join('\n') };
    };
    const missing = await inProcess({ run: result.dir, coding: file, results: resultsDir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${file}: line 1: city_id: missing column "city_id"`);
    const noRun = await inProcess({ run: 'no-such-run', out, coding: file });
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toMatch(/no run "no-such-run" in .*; known runs: agree-e2e/);
    const noSheet = await inProcess({ run: result.dir, coding: join(out, 'absent.csv') });
    expect(noSheet.code).toBe(2);
    expect(noSheet.stderr).toContain(`${join(out, 'absent.csv')}: no such file`);
    expect(existsSync(resultsDir)).toBe(false);
  }, 120_000);
});
