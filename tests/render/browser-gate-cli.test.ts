// The browser gate end to end, through the CLI as a user runs it: the portal of gate-fixture.ts
// (reached as kota.test through --resolve, no --allow-private) crawled once with the default
// --render auto plus --lighthouse (axe included), once with --render always. The internal server
// (127.0.0.2, and localhost on another port) must accept not one connection, the portal must see
// nothing but GET/HEAD, pages.csv counts what each rendered page tried, and a page that navigates
// away by itself keeps its own title.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile, type CsvTable } from '../../src/report/read-run.ts';
import { NAV_PAGES, startInternal, startPortal, type Internal, type Portal } from './gate-fixture.ts';
import { requireChromium } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'egovscan.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

let internal: Internal;
let portal: Portal;
let dir: string;
const runs: Record<'auto' | 'always', { pages: CsvTable; audits?: CsvTable }> = {} as never;

beforeAll(async () => {
  requireChromium();
  internal = await startInternal();
  portal = await startPortal(internal);
  dir = await mkdtemp(join(tmpdir(), 'egovscan-gate-'));
  const targets = join(dir, 'targets.yaml');
  await writeFile(targets, `targets:\n  - { id: uji, name: Kota Uji, portal: "http://kota.test:${portal.port}/" }\n`);
  const common = ['crawl', '--targets', targets, '--out', join(dir, 'out'), '--delay-ms', '0', '--timeout-ms', '15000', '--resolve', 'kota.test=127.0.0.1', '--no-check-external'];
  for (const [mode, extra] of [
    ['auto', ['--render', 'auto', '--lighthouse', '--lighthouse-pages', '3']],
    ['always', ['--render', 'always']],
  ] as const) {
    const res = await runCli([...common, '--run-id', mode, ...extra]);
    expect(res.code, res.stderr).toBe(0);
    runs[mode] = {
      pages: (await readCsvFile(join(dir, 'out', mode, 'pages.csv')))!,
      audits: await readCsvFile(join(dir, 'out', mode, 'audits.csv')),
    };
  }
}, 300_000);

afterAll(async () => {
  await portal?.close();
  await internal?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const row = (t: CsvTable, path: string) => t.rows.find((r) => new URL(String(r.url)).pathname === path);

describe('egovscan crawl, without --allow-private', () => {
  it('sends not one connection to the internal server, with --render auto, --render always and --lighthouse', () => {
    expect(internal.requests).toEqual([]);
    expect(internal.connections).toBe(0);
  });

  it('sends the portal nothing but GET and HEAD, and never fetches a form answer or a script navigation', () => {
    expect(portal.requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
    expect(portal.requests.filter((r) => /^\/(kirim|hasil|jawaban|api|beacon)/.test(r.path))).toEqual([]);
  });

  it('counts per page what was refused in pages.csv (blocked_requests, added after the contract columns)', () => {
    const { pages } = runs.always;
    expect(pages.columns.indexOf('blocked_requests')).toBeGreaterThan(pages.columns.indexOf('kind'));
    const semua = row(pages, '/semua')!;
    expect(semua.rendered).toBe('true');
    expect(Number(semua.blocked_requests)).toBeGreaterThanOrEqual(15);
    expect(Number(row(pages, '/rapi')?.blocked_requests ?? 0)).toBe(0);
    // auto: the home probe and the script-built /semua are rendered; static pages count 0.
    const auto = runs.auto.pages;
    expect(Number(row(auto, '/semua')!.blocked_requests)).toBeGreaterThanOrEqual(15);
  });

  it('records a page that navigates away by itself as the page it was', () => {
    const { pages } = runs.always;
    const titles: Record<string, string> = {
      '/form-post': 'Formulir POST',
      '/form-get': 'Formulir GET',
      '/form-get-sama': 'Formulir GET sama',
      '/meta': 'Segarkan',
      '/meta-sama': 'Segarkan sama',
      '/lokasi': 'Lokasi',
      '/lokasi-sama': 'Lokasi sama',
    };
    for (const path of NAV_PAGES) {
      const r = row(pages, path);
      expect(r, path).toBeDefined();
      expect(r!.rendered, path).toBe('true');
      expect(r!.title, path).toBe(titles[path]);
      expect(r!.final_url, path).toBe('');
      expect(Number(r!.blocked_requests), path).toBeGreaterThanOrEqual(1);
    }
  });

  it('audits with axe, and runs Lighthouse only on pages whose traffic passed the gate', () => {
    const audits = runs.auto.audits!;
    expect(audits.rows.length).toBe(3);
    for (const a of audits.rows) {
      expect(a.axe_violations, String(a.url)).not.toBe('');
      if (String(a.audit_error).includes('skipped')) expect(a.performance).toBe('');
    }
    const home = audits.rows.find((a) => new URL(String(a.url)).pathname === '/')!;
    expect(home.audit_error).toBe('');
    expect(home.performance).not.toBe('');
  });
});
