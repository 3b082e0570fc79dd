// egovscan's whole `crawl` command beside linkinator and Crawlee's CheerioCrawler on the shared
// realistic workload, at each latency: every tool is its own process (peak RSS and CPU from the
// kernel, see measure.ts) against a fresh server (its counts are that tool's alone).
//   pages/s = distinct HTML pages the server answered 200 ÷ wall time of the whole process.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { measure, type Measured } from './measure.ts';
import { htmlPagesServed, serveWorkload, type ServerStats, type Workload } from './workload.ts';

export type Tool = 'egovscan' | 'linkinator' | 'crawlee';

export interface WorkloadRun {
  tool: Tool;
  latencyMs: number;
  m: Measured;
  /** Distinct HTML pages of the portal answered 200 (server's count). */
  pages: number;
  dead: Set<string>;
  error?: string;
  server: ServerStats;
  /** egovscan only: its own pages.csv count of portal pages with status 200. */
  ownPages?: number;
}

export interface WorkloadOptions {
  root: string;
  workload: Workload;
  concurrency: number;
  /** Run egovscan's compiled build (dist/) instead of the sources through tsx. */
  dist: boolean;
  /** Extra node flags for egovscan's process (e.g. --cpu-prof). */
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
}

function rows(text: string): Array<Record<string, string>> {
  return parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, relax_column_count: true }) as Array<Record<string, string>>;
}

async function runEgovscan(o: WorkloadOptions): Promise<{ m: Measured; dead: Set<string>; ownPages: number; error?: string }> {
  const tmp = await mkdtemp(join(tmpdir(), 'egovscan-bench-crawl-'));
  const targets = join(tmp, 'targets.yaml');
  await writeFile(targets, `targets:\n  - id: sukamaju\n    name: Kota Sukamaju\n    portal: ${o.workload.origin}/\n`);
  const out = join(tmp, 'out');
  const entry = o.dist ? join(o.root, 'bench', 'dist-cli.mjs') : join(o.root, 'bin', 'egovscan.js');
  const args = [
    ...(o.nodeFlags ?? []), entry, 'crawl', '--targets', targets, '--out', out, '--run-id', 'bench',
    '--render', 'never', '--concurrency', String(o.concurrency), '--per-host', String(o.concurrency), '--delay-ms', '0',
    // Twice the site: its 404 pages and redirects count against the page budget too (a budget of
    // 20,000 stopped the 20,000-page workload 654 pages short).
    '--allow-private', '--max-pages', String(Math.max(10_000, 2 * o.workload.truth.htmlPagesReachableRespectingRobots)), '--max-depth', '10',
  ];
  const m = await measure(args, { cwd: o.root, env: o.env });
  try {
    if (m.code !== 0) return { m, dead: new Set(), ownPages: 0, error: `exit ${m.code}: ${m.stderrTail}` };
    const pages = rows(await readFile(join(out, 'bench', 'pages.csv'), 'utf8'));
    const links = rows(await readFile(join(out, 'bench', 'links.csv'), 'utf8'));
    const own = new Set(pages.filter((p) => p.kind === 'page' && p.http_status === '200' && p.url!.startsWith(o.workload.origin)).map((p) => p.url));
    return { m, dead: new Set(links.filter((l) => l.status === 'broken').map((l) => l.target_url!)), ownPages: own.size };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function runPeer(tool: 'linkinator' | 'crawlee', o: WorkloadOptions): Promise<{ m: Measured; dead: Set<string>; error?: string }> {
  const script = join(o.root, 'bench', tool === 'linkinator' ? 'linkinator-child.mjs' : 'crawlee-child.mjs');
  const m = await measure<{ broken?: string[]; dead?: string[]; error?: string }>([script, JSON.stringify({ origin: `${o.workload.origin}/`, concurrency: o.concurrency })], { cwd: o.root });
  const r = m.result;
  const error = !r ? `exit ${m.code} without a result: ${m.stderrTail}` : r.error;
  return { m, dead: new Set(r?.broken ?? r?.dead ?? []), error };
}

export async function runTool(tool: Tool, latencyMs: number, o: WorkloadOptions): Promise<WorkloadRun> {
  const statsFile = join(tmpdir(), `egovscan-bench-serve-${process.pid}-${tool}-${latencyMs}.json`);
  const server = await serveWorkload(o.workload, latencyMs, statsFile);
  let r: { m: Measured; dead: Set<string>; error?: string; ownPages?: number };
  let stats: ServerStats;
  try {
    r = tool === 'egovscan' ? await runEgovscan(o) : await runPeer(tool, o);
  } finally {
    stats = await server.stop();
    await rm(statsFile, { force: true });
  }
  return { tool, latencyMs, ...r, server: stats, pages: htmlPagesServed(stats, o.workload.origin) };
}

export function describe(r: WorkloadRun, w: Workload): string {
  const reachable = w.truth.htmlPagesReachableRespectingRobots;
  const found = [...r.dead].filter((u) => w.deadUrls.has(u)).length;
  const falses = [...r.dead].filter((u) => !w.deadUrls.has(u));
  const secs = r.m.wallMs / 1000;
  const name = `${r.tool} ${String(r.latencyMs).padStart(2)} ms`;
  const head = `${name.padEnd(16)} ${String(r.pages).padStart(5)}/${reachable} pages in ${secs.toFixed(1).padStart(6)} s = ${(r.pages / secs).toFixed(0).padStart(4)} pages/s`;
  const tail =
    `CPU ${r.m.cpuS.toFixed(1).padStart(5)} s, peak RSS ${r.m.peakRssMb.toFixed(0).padStart(4)} MB, ` +
    `dead ${found}/${w.truth.deadUnique.total} found, ${falses.length} false${falses.length ? ` (e.g. ${falses.slice(0, 2).join(' ')})` : ''}` +
    `${r.ownPages !== undefined ? `, pages.csv ${r.ownPages}` : ''}, peak in flight ${r.server.peakInFlight}`;
  return `${head}, ${tail}${r.error ? `  [failed: ${r.error.replace(/\s+/g, ' ').slice(0, 300)}]` : ''}`;
}
