// Resume, end to end through the CLI: a crawl killed with SIGKILL in the middle continues with
// `--resume --run-id <id>` and ends with exactly the pages of an uninterrupted run, each once; a
// crawl stopped with SIGINT exits cleanly, keeps what it fetched and marks run.json unfinished.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PAGES = 40;
const LATENCY_MS = 120;

let server: http.Server;
let port = 0;
let dir: string;
let targets: string;

/** A slow portal: page i links to pages 2i+1 and 2i+2 and to the news index; every answer takes LATENCY_MS. */
function portalPage(i: number): string {
  const links = [2 * i + 1, 2 * i + 2].filter((j) => j < PAGES).map((j) => `<a href="/berita/${j}">Berita ${j}</a>`);
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Berita ${i} - Kota Lambat</title></head>
<body><h1>Berita ${i}</h1><p>Senin, ${1 + (i % 28)} Oktober 2024</p><a href="/">Beranda</a> ${links.join(' ')}</body></html>`;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const m = /^\/berita\/(\d+)$/.exec(path);
    const i = path === '/' ? 0 : m ? Number(m[1]) : -1;
    setTimeout(() => {
      if (i >= 0 && i < PAGES) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(portalPage(i));
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>404</h1>');
      }
    }, LATENCY_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
  dir = await mkdtemp(join(tmpdir(), 'egovscan-resume-'));
  targets = join(dir, 'targets.yaml');
  await writeFile(targets, `targets:\n  - { id: kota-lambat, name: Kota Lambat, portal: "http://portal.lambat.test:${port}/" }\n`);
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
      '--render', 'never', '--allow-private', '--resolve', 'portal.lambat.test=127.0.0.1',
      '--delay-ms', '0', '--per-host', '2', '--concurrency', '2', '--timeout-ms', '5000', '--no-bom', ...extra,
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

async function journalLines(out: string, runId: string): Promise<number> {
  try {
    const text = await readFile(join(out, runId, 'journal', 'kota-lambat.jsonl'), 'utf8');
    return text.split('\n').filter((l) => l.startsWith('{"t":"page"')).length;
  } catch {
    return 0;
  }
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

/** url column of pages.csv (URLs here contain no commas or quotes). */
async function pageUrls(out: string, runId: string): Promise<string[]> {
  const text = await readFile(join(out, runId, 'pages.csv'), 'utf8');
  const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\n');
  const col = header!.split(',').indexOf('url');
  return rows.filter(Boolean).map((r) => r.split(',')[col]!);
}

describe('resume after SIGKILL', () => {
  it('covers every page exactly once, the same pages as an uninterrupted run', async () => {
    const out = join(dir, 'kill');
    const first = cli(out, 'r1');
    const firstExit = exited(first);
    await waitFor(async () => (await journalLines(out, 'r1')) >= 8, 30_000);
    first.kill('SIGKILL');
    const killed = await firstExit;
    expect(killed.signal).toBe('SIGKILL');
    const before = await journalLines(out, 'r1');
    expect(before).toBeGreaterThanOrEqual(8);
    expect(before).toBeLessThan(PAGES);

    const second = await exited(cli(out, 'r1', ['--resume']));
    expect(second.code, second.stderr).toBe(0);
    const resumed = await pageUrls(out, 'r1');
    expect(new Set(resumed).size).toBe(resumed.length);

    const full = await exited(cli(join(dir, 'full'), 'r2'));
    expect(full.code, full.stderr).toBe(0);
    const uninterrupted = await pageUrls(join(dir, 'full'), 'r2');
    expect(uninterrupted).toHaveLength(PAGES);
    expect([...resumed].sort()).toEqual([...uninterrupted].sort());

    const run = JSON.parse(await readFile(join(out, 'r1', 'run.json'), 'utf8')) as { status: string };
    expect(run.status).toBe('finished');
  }, 90_000);
});

describe('SIGINT', () => {
  it('stops cleanly with exit 130, writes what it has, marks the run unfinished and says how to resume it; the resume finishes it', async () => {
    const out = join(dir, 'int');
    const child = cli(out, 'r3');
    const done = exited(child);
    await waitFor(async () => (await journalLines(out, 'r3')) >= 5, 30_000);
    child.kill('SIGINT');
    const res = await done;
    // A clean exit, not a death by signal: 130, as shells report a Ctrl-C (contract.md).
    expect(res.signal).toBeNull();
    expect(res.code, res.stderr).toBe(130);
    expect(res.stderr).toMatch(/Stopping/);
    // The user's own command line, with --resume --run-id added, is what continues it.
    const hint = /egovscan: stopped by SIGINT; continue with: (egovscan crawl .*)$/m.exec(res.stderr);
    expect(hint, res.stderr).not.toBeNull();
    expect(hint![1]).toMatch(/ --resume --run-id r3$/);
    expect(hint![1]).toContain(`--targets ${targets}`);
    expect(hint![1]).toContain('--resolve portal.lambat.test=127.0.0.1');
    const run = JSON.parse(await readFile(join(out, 'r3', 'run.json'), 'utf8')) as { status: string };
    expect(run.status).toBe('unfinished');
    expect((await stat(join(out, 'r3', 'pages.csv'))).isFile()).toBe(true);
    const fetched = await journalLines(out, 'r3');
    expect(fetched).toBeGreaterThanOrEqual(5);
    expect(fetched).toBeLessThan(PAGES);
    // What it has: every page fetched before the stop is in pages.csv.
    expect(await pageUrls(out, 'r3')).toHaveLength(fetched);

    // Run as printed (its words, in this test's folder), the resume finishes the run.
    const words = hint![1]!.split(' ').slice(1);
    const resumed = await exited(spawn(process.execPath, [join(ROOT, 'bin', 'egovscan.js'), ...words], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(((JSON.parse(await readFile(join(out, 'r3', 'run.json'), 'utf8'))) as { status: string }).status).toBe('finished');
    expect(await pageUrls(out, 'r3')).toHaveLength(PAGES);
  }, 90_000);
});
