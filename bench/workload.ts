// The shared realistic workload (../shared/bench-workload: gen-site.mjs and serve.mjs, plain Node):
// generated once into the system's temporary folder and reused, served from a child process of its
// own for every measured run, so that each tool meets a fresh server whose counts are its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Truth {
  htmlPagesReachableRespectingRobots: number;
  dead: Array<{ url: string; kind: string; internal: boolean }>;
  deadUnique: { total: number };
  pdf?: number;
}

export interface Workload {
  /** The folder with gen-site.mjs and serve.mjs. */
  dir: string;
  /** The generated site (www/, server.json, truth.json). */
  site: string;
  origin: string;
  truth: Truth;
  deadUrls: Set<string>;
}

/** The workload folder: `--workload <dir>`, else ../shared/bench-workload beside the repository. */
export function workloadDir(root: string, given: string | undefined): string {
  const dir = resolve(root, given ?? join('..', 'shared', 'bench-workload'));
  for (const f of ['gen-site.mjs', 'serve.mjs']) {
    if (!existsSync(join(dir, f))) {
      throw new Error(`bench: no ${f} in ${dir}: pass --workload <folder with gen-site.mjs and serve.mjs>${given ? '' : ' (default ../shared/bench-workload)'}`);
    }
  }
  return dir;
}

function run(cmd: string, args: string[]): Promise<void> {
  const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return once(p, 'exit').then(([code]) => {
    if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  });
}

/** Generates the site of `pages` pages on `port` (unless already there) and reads its truth. */
export async function prepareWorkload(dir: string, pages: number, port: number): Promise<Workload> {
  const out = join(tmpdir(), 'egovscan-bench-workload', `p${port}`);
  const site = join(out, `s${pages}`);
  if (!existsSync(join(site, 'truth.json'))) {
    await rm(site, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    await run(process.execPath, [join(dir, 'gen-site.mjs'), '--pages', String(pages), '--port', String(port), '--out-dir', out]);
  }
  const truth = JSON.parse(await readFile(join(site, 'truth.json'), 'utf8')) as Truth;
  const server = JSON.parse(readFileSync(join(site, 'server.json'), 'utf8')) as { origin: string };
  return { dir, site, origin: server.origin, truth, deadUrls: new Set(truth.dead.map((d) => d.url)) };
}

export interface ServerStats {
  total: number;
  peakInFlight: number;
  ports: Record<string, { role: string; requests: number; htmlPages200: number; repeatRequests: number; uniqueUrls: number }>;
}

export interface RunningServer {
  proc: ChildProcess;
  /** Stops it (SIGTERM) and reads the counts it wrote. */
  stop(): Promise<ServerStats>;
}

/** Starts serve.mjs on the site with the given latency; resolves once it listens. */
export async function serveWorkload(w: Workload, latencyMs: number, statsFile: string, hangMs = 5000): Promise<RunningServer> {
  const proc = spawn(process.execPath, [join(w.dir, 'serve.mjs'), '--site', w.site, '--latency-ms', String(latencyMs), '--hang-ms', String(hangMs), '--stats-file', statsFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  await new Promise<void>((ok, bad) => {
    let buf = '';
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      if (buf.includes('READY ')) ok();
    });
    proc.once('exit', (code) => bad(new Error(`serve.mjs exited with ${code} before it was ready: ${err.trim().slice(0, 300)}`)));
  });
  return {
    proc,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      return JSON.parse(await readFile(statsFile, 'utf8')) as ServerStats;
    },
  };
}

/** Distinct HTML pages the main site answered 200 (the server's own count). */
export function htmlPagesServed(stats: ServerStats, origin: string): number {
  const port = new URL(origin).port;
  return stats.ports[port]?.htmlPages200 ?? 0;
}
