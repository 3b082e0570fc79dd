// One writer per run, through the CLI with real processes: while a crawl works on a run, a second
// `crawl --run-id` or `--resume` of it is refused in one line naming the holder's pid (exit 2), and
// a second run into the same --out at the same time completes beside it with the store consistent.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// Slow enough (40 pages one at a time, 500 ms each) that the first run is still at work while
// the others start on a busy machine.
const PAGES = 40;
const LATENCY_MS = 500;

let server: http.Server;
let port = 0;
let dir: string;
let targets: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const m = /^\/berita\/(\d+)$/.exec(path);
    const i = path === '/' ? 0 : m ? Number(m[1]) : -1;
    setTimeout(() => {
      if (i >= 0 && i < PAGES) {
        const links = [2 * i + 1, 2 * i + 2].filter((j) => j < PAGES).map((j) => `<a href="/berita/${j}">Berita ${j}</a>`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!DOCTYPE html><html lang="id"><head><title>Berita ${i}</title></head><body><h1>Berita ${i}</h1><p>Senin, 7 Oktober 2024</p>${links.join(' ')}</body></html>`);
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>404</h1>');
      }
    }, LATENCY_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  dir = await mkdtemp(join(tmpdir(), 'egovscan-lock-'));
  targets = join(dir, 'targets.yaml');
  await writeFile(targets, `targets:\n  - { id: kota-kunci, name: Kota Kunci, portal: "http://portal.kunci.test:${port}/" }\n`);
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => server?.close(() => r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(out: string, runId: string, extra: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'egovscan.js'), 'crawl', '--targets', targets, '--out', out, '--run-id', runId,
      '--render', 'never', '--allow-private', '--resolve', 'portal.kunci.test=127.0.0.1', '--resolve-only',
      '--delay-ms', '0', '--per-host', '1', '--concurrency', '1', '--timeout-ms', '5000', '--no-bom', ...extra,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function exited(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function journalLines(out: string, runId: string): Promise<number> {
  try {
    const text = await readFile(join(out, runId, 'journal', 'kota-kunci.jsonl'), 'utf8');
    return text.split('\n').filter((l) => l.startsWith('{"t":"page"')).length;
  } catch {
    return 0;
  }
}

async function csvRows(file: string): Promise<number> {
  return (await readFile(file, 'utf8')).trim().split('\n').length - 1;
}

describe('one writer per run', () => {
  it('refuses a second writer with the holder pid; a second run into the same --out completes beside it', async () => {
    const out = join(dir, 'out');
    const first = cli(out, 'r1');
    const firstExit = exited(first);
    const until = Date.now() + 30_000;
    while ((await journalLines(out, 'r1')) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await journalLines(out, 'r1')).toBeGreaterThanOrEqual(2);

    // The same run, twice, while it is being crawled: both refused at once, naming the holder.
    const [resumed, again] = await Promise.all([exited(cli(out, 'r1', ['--resume'])), exited(cli(out, 'r1'))]);
    for (const r of [resumed, again]) {
      expect(r.code, r.stderr).toBe(2);
      // One line says it all (the run banner is said only by a run that starts).
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      // bin/egovscan.js may hand over to a child (tsx from the sources): the pid named is the writer's, alive.
      const pid = Number(/being written by process (\d+)/.exec(lines[0]!)?.[1]);
      expect(pid, lines[0]).toBeGreaterThan(0);
      expect(() => process.kill(pid, 0)).not.toThrow();
    }

    // Another run into the same --out at the same time completes, and so does the first.
    const second = await exited(cli(out, 'r2'));
    const firstDone = await firstExit;
    expect(firstDone.code, firstDone.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);

    // Each run crawled its portal once: no page twice in the journal of the locked run.
    const journal = (await readFile(join(out, 'r1', 'journal', 'kota-kunci.jsonl'), 'utf8')).split('\n').filter((l) => l.startsWith('{"t":"page"'));
    const urls = journal.map((l) => (JSON.parse(l) as { record: { url: string } }).record.url);
    expect(urls).toHaveLength(PAGES);
    expect(new Set(urls).size).toBe(urls.length);

    // The store holds both runs, finished, with the pages their CSVs have.
    const db = new Database(join(out, 'egovscan.sqlite'), { readonly: true });
    try {
      const runs = db.prepare(`SELECT run_id, status FROM runs ORDER BY run_id`).all();
      expect(runs).toEqual([{ run_id: 'r1', status: 'finished' }, { run_id: 'r2', status: 'finished' }]);
      for (const id of ['r1', 'r2']) {
        const { n } = db.prepare(`SELECT pages_crawled AS n FROM cities WHERE run_id = ? AND city_id = 'kota-kunci'`).get(id) as { n: number };
        expect(await csvRows(join(out, id, 'pages.csv')), id).toBe(PAGES);
        expect(n, id).toBe(PAGES);
      }
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  }, 120_000);
});
