// The round trip as a user makes it, with the real CLI in child processes and no date fixed: a
// crawl with --warc, then the same targets judged --from-warc its warc/ folder with the portal
// server shut down. The replay takes the recording run's reference time from the WARC, so even
// freshness comes out the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { parseCsv } from '../../src/report/read-run.ts';

const run = promisify(execFile);
const BIN = new URL('../../bin/egovscan.js', import.meta.url).pathname;
// Times of the run itself: when the city was crawled, when an application was first seen alive and last seen alive.
const TIMING = new Set(['run_id', 'crawled_at', 'first_seen', 'last_seen_alive']);
let server: PortalServer;
let dir: string;

async function table(file: string) {
  const [head, ...records] = parseCsv(await readFile(file, 'utf8'));
  return records.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''] as const).filter(([h]) => !TIMING.has(h))));
}

beforeAll(async () => {
  server = await startPortalServer();
  dir = await mkdtemp(join(tmpdir(), 'egovscan-cli-warc-'));
  const ids = ['sukamaju', 'telukbatu'];
  await writeFile(join(dir, 'targets.yaml'), stringify({ targets: server.targets().filter((t) => ids.includes(t.id)) }));
  const net = [...Object.entries(server.resolve).flatMap(([h, ip]) => ['--resolve', `${h}=${ip}`]), '--resolve-only', '--allow-private', '--delay-ms', '0', '--render', 'never'];
  await run(process.execPath, [BIN, 'crawl', '--targets', join(dir, 'targets.yaml'), '--out', join(dir, 'a'), '--run-id', 'live', '--warc', ...net], { timeout: 240_000 });
  await server.close();
  await run(process.execPath, [BIN, 'crawl', '--targets', join(dir, 'targets.yaml'), '--out', join(dir, 'b'), '--run-id', 'replay', '--from-warc', join(dir, 'a', 'live', 'warc'), ...net], { timeout: 240_000 });
}, 300_000);

afterAll(async () => {
  await server?.close().catch(() => {});
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('crawl --warc, then crawl --from-warc (CLI)', () => {
  it('gives the same pages, criteria, links, cities and applications', async () => {
    for (const name of ['pages.csv', 'criteria.csv', 'links.csv', 'cities.csv', 'applications.csv']) {
      const a = await table(join(dir, 'a', 'live', name));
      expect(a.length, name).toBeGreaterThan(0);
      expect(await table(join(dir, 'b', 'replay', name)), name).toEqual(a);
    }
  });

  it('judges the replay as of the recording run', async () => {
    const a = JSON.parse(await readFile(join(dir, 'a', 'live', 'run.json'), 'utf8'));
    const b = JSON.parse(await readFile(join(dir, 'b', 'replay', 'run.json'), 'utf8'));
    expect(b.settings.now).toBe(a.settings.now);
    expect(b.source.source).toBe('warc');
  });
});
