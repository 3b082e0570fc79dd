// `egovscan history` end to end, as a user runs it: the real CLI in a child process, against the
// loopback fake archive holding www.kotawaktu.go.id at three dates. One run per date lands in the
// store (at-YYYY-MM-DD), history.csv shows the climb, the report says the runs are archive-based,
// and a second invocation skips the dates already done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { parseCsv } from '../../src/report/read-run.ts';
import { historyDates, parseStep } from '../../src/cli/commands/history.ts';
import { startFakeArchive, type FakeArchive } from '../support/fake-archive.ts';
import { RANK, TARGET, captures } from './waktu-portal.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/egovscan.js', import.meta.url).pathname;
let archive: FakeArchive;
let dir: string;
let first: { stdout: string; stderr: string };
let second: { stdout: string; stderr: string };

beforeAll(async () => {
  archive = await startFakeArchive({ captures });
  dir = await mkdtemp(join(tmpdir(), 'egovscan-history-'));
  const { applications: _none, ...target } = TARGET;
  await writeFile(join(dir, 'targets.yaml'), stringify({ targets: [target] }));
  const args = [BIN, 'history', '--targets', join(dir, 'targets.yaml'), '--from', '2015', '--to', '2025', '--every', '5y',
    '--archive', archive.base, '--out', join(dir, 'out'), '--delay-ms', '0', '--resolve-only', '--no-bom'];
  first = await run(process.execPath, args, { timeout: 240_000 });
  second = await run(process.execPath, args, { timeout: 60_000 });
}, 300_000);

afterAll(async () => {
  await archive?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('egovscan history', () => {
  it('steps through the dates', () => {
    expect(historyDates(new Date('2015-01-01'), new Date('2025-01-01'), parseStep('5y')!).map((d) => d.toISOString().slice(0, 10))).toEqual(['2015-01-01', '2020-01-01', '2025-01-01']);
    expect(parseStep('0y')).toBeUndefined();
    expect(parseStep('1w')).toBeUndefined();
  });

  it('stores one archive-based run per date, and history.csv shows the trajectory', async () => {
    const csv = await readFile(join(dir, 'out', 'at-2025-01-01', 'history.csv'), 'utf8');
    const [head, ...rows] = parseCsv(csv);
    const col = (name: string) => head!.indexOf(name);
    const mine = rows.filter((r) => r[col('city_id')] === 'kotawaktu');
    expect(mine.map((r) => r[col('run_id')])).toEqual(['at-2015-01-01', 'at-2020-01-01', 'at-2025-01-01']);
    const ranks = mine.map((r) => RANK[r[col('phase')]!]!);
    expect(ranks[0]).toBeLessThan(ranks[2]!);
  });

  it('marks each run as archive-based in run.json and in the report', async () => {
    for (const id of ['at-2015-01-01', 'at-2020-01-01', 'at-2025-01-01']) {
      const runJson = JSON.parse(await readFile(join(dir, 'out', id, 'run.json'), 'utf8'));
      expect(runJson.source).toMatchObject({ source: 'archive', at: `${id.slice(3)}T00:00:00.000Z` });
      const html = await readFile(join(dir, 'out', id, 'report.html'), 'utf8');
      expect(html).toContain(`data-source="archive" data-at="${id.slice(3)}"`);
    }
  });

  it('skips the dates already done when run again', () => {
    expect(second.stderr).toContain('at-2015-01-01 already finished, skipped');
    expect(second.stderr).toContain('at-2025-01-01 already finished, skipped');
  });
});

describe('history order', () => {
  it('places an archive-based run at the date it describes, before a live run made earlier', async () => {
    const { buildHistory } = await import('../../src/report/history.ts');
    const { mkdir } = await import('node:fs/promises');
    const out = await mkdtemp(join(tmpdir(), 'egovscan-order-'));
    try {
      const live = { run_id: 'live', status: 'finished', started_at: '2026-01-01T00:00:00.000Z', finished_at: '2026-01-01T01:00:00.000Z', settings: {} };
      await mkdir(join(out, 'live'));
      await writeFile(join(out, 'live', 'run.json'), JSON.stringify(live));
      await writeFile(join(out, 'live', 'cities.csv'), 'run_id,city_id,city_name,phase\nlive,kotawaktu,Kota Waktu,transformation\n');
      const current = {
        dir: join(out, 'at-2015-01-01'), runId: 'at-2015-01-01',
        meta: { run_id: 'at-2015-01-01', status: 'finished', started_at: '2026-02-01T00:00:00.000Z', source: { source: 'archive', at: '2015-01-01T00:00:00.000Z' } },
        tables: new Map(), cities: [{ run_id: 'at-2015-01-01', city_id: 'kotawaktu', city_name: 'Kota Waktu', phase: 'presence' }],
        criteria: [], applications: [], links: [], pages: [], audits: [], criteriaIds: [], indicatorIds: [],
      };
      // The 2015 view knows nothing of the live run of 2026: it is the older of the two.
      expect((await buildHistory(out, current)).runs).toEqual(['at-2015-01-01']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
