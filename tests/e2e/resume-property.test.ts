// Property: a crawl stopped at random moments (SIGINT or SIGKILL of the real CLI process, several
// times in a row) and then continued with --resume writes the same pages.csv, links.csv,
// applications.csv, criteria.csv and cities.csv as the crawl that was never interrupted, timestamps
// aside. The portal is generated (tests/e2e/generated-portal.ts): its answers arrive in a different
// order on every crawl, its trap guards (calendar, session ids, tokens, repeated segments) fire,
// and it has dead links, a document and an application.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGeneratedPortal, type GeneratedPortal } from './generated-portal.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FILES = ['pages.csv', 'links.csv', 'applications.csv', 'criteria.csv', 'cities.csv'];
/** Columns that hold a time or the run's own name, not a finding. */
const VOLATILE = new Set(['run_id', 'crawled_at', 'first_seen', 'last_seen_alive', 'checked_at', 'elapsed_ms']);

let portal: GeneratedPortal;
let dir: string;
let targets: string;

beforeAll(async () => {
  portal = await startGeneratedPortal(20261203);
  dir = await mkdtemp(join(tmpdir(), 'egovscan-resume-prop-'));
  targets = join(dir, 'targets.yaml');
  await writeFile(targets, `targets:\n  - { id: kota-acak, name: Kota Acak, portal: "http://portal.acak.test:${portal.port}/" }\n`);
});

afterAll(async () => {
  await portal?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(out: string, runId: string, extra: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'egovscan.js'), 'crawl', '--targets', targets, '--out', out, '--run-id', runId,
      '--render', 'never', '--allow-private', '--resolve', 'portal.acak.test=127.0.0.1', '--resolve', 'app.acak.test=127.0.0.1',
      '--resolve-only', '--max-depth', '30', '--delay-ms', '0', '--per-host', '4', '--concurrency', '4', '--timeout-ms', '5000', '--no-bom', ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

async function journalPages(out: string, runId: string): Promise<number> {
  try {
    const text = await readFile(join(out, runId, 'journal', 'kota-acak.jsonl'), 'utf8');
    return text.split('\n').filter((l) => l.startsWith('{"t":"page"')).length;
  } catch {
    return 0;
  }
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** The file's rows, in order, without the columns that say when or which run. */
async function findings(out: string, runId: string, file: string): Promise<string[]> {
  const [header = [], ...rows] = parseCsv((await readFile(join(out, runId, file), 'utf8')).replace(/^\uFEFF/, ''));
  const keep = header.map((h, i) => (VOLATILE.has(h) ? -1 : i)).filter((i) => i >= 0);
  return [keep.map((i) => header[i]).join(','), ...rows.map((r) => JSON.stringify(keep.map((i) => r[i] ?? '')))];
}

describe('a crawl interrupted at random moments and resumed', () => {
  it('writes the same files as the crawl that was never interrupted', async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    let state = seed;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);

    const full = await exited(cli(join(dir, 'full'), 'full'));
    expect(full.code, full.stderr).toBe(0);
    const fullPages = await journalPages(join(dir, 'full'), 'full');

    const out = join(dir, 'cut');
    const story: string[] = [];
    for (let round = 0; round < 3; round++) {
      const child = cli(out, 'cut', round === 0 ? [] : ['--resume']);
      const done = exited(child);
      const before = await journalPages(out, 'cut');
      // Stop once the journal has grown by a random number of pages (or a random time has passed).
      const target = before + 1 + Math.floor(random() * Math.max(1, fullPages / 3));
      const signal: NodeJS.Signals = random() < 0.5 ? 'SIGKILL' : 'SIGINT';
      let finished = false;
      void done.then(() => (finished = true));
      // First wait for the crawl itself to be under way (the process takes a while to start on a
      // busy machine), then for the random stopping point.
      const started = Date.now() + 30_000;
      while (!finished && Date.now() < started && (await journalPages(out, 'cut')) <= before) await new Promise((r) => setTimeout(r, 15));
      const deadline = Date.now() + random() * 1500;
      while (!finished && Date.now() < deadline && (await journalPages(out, 'cut')) < target) await new Promise((r) => setTimeout(r, 15));
      if (!finished) child.kill(signal);
      const res = await done;
      story.push(`${signal} at ${await journalPages(out, 'cut')} pages (exit ${res.code ?? res.signal})`);
      // An interrupted run is never a failure of the program: SIGINT exits 130 (unfinished, as shells
      // report a Ctrl-C), SIGTERM 1, SIGKILL dies; a signal that comes after the run finished finds 0.
      const stopped = { SIGINT: 130, SIGTERM: 1 }[signal as string];
      expect(res.code === 0 || (stopped !== undefined && res.code === stopped) || res.signal === 'SIGKILL', `${res.stderr}\n${story.join('; ')}`).toBe(true);
    }
    const last = await exited(cli(out, 'cut', ['--resume']));
    expect(last.code, `${last.stderr}\nseed ${seed}: ${story.join('; ')}`).toBe(0);

    const why = `seed ${seed}: ${story.join('; ')}`;
    for (const file of FILES) {
      const a = await findings(join(dir, 'full'), 'full', file);
      const b = await findings(out, 'cut', file);
      expect(b, `${file} (${why})`).toEqual(a);
    }
    // The crawl did meet its traps (so the equality covers their counters), and every page once.
    const pages = await findings(out, 'cut', 'pages.csv');
    expect(new Set(pages).size).toBe(pages.length);
    const links = (await findings(out, 'cut', 'links.csv')).join('\n');
    expect(links).toMatch(/"skipped","trap"/);
    expect(links).not.toMatch(/PHPSESSID|jsessionid/i);
    const run = JSON.parse(await readFile(join(out, 'cut', 'run.json'), 'utf8')) as { status: string; cities: Array<{ trappedBy: Record<string, number> }> };
    expect(run.status).toBe('finished');
    expect(Object.keys(run.cities[0]!.trappedBy).sort()).toEqual(expect.arrayContaining(['calendar', 'repeating_segment', 'session']));
  }, 120_000);
});
