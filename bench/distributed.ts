// Scaling benchmark of distributed runs: 40 latency-bound generated portals (20 ms per answer,
// default politeness: 2 requests per site, 250 ms between two requests to one site) enqueued on a
// throwaway PostgreSQL server, then done by 1, 2 and 4 worker processes. Prints cities per minute
// and the scaling ratio (goal: at least 0.8 × the number of workers).
// Usage: node bin/run-ts.js bench/distributed.ts [--cities 40] [--pages 12] [--workers 1,2,4]
//        (npm run bench:distributed)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../tests/support/postgres.ts';
import { loadTargets } from '../src/config/targets.ts';
import { makeSettings } from '../src/run/settings.ts';
import { enqueueRun } from '../src/run/worker-spec.ts';
import { openStore } from '../src/store/index.ts';
import { jobRows } from '../src/queue/run-jobs.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const CITIES = Number(flag('cities', '40'));
const PAGES = Number(flag('pages', '12'));
const LATENCY = Number(flag('latency', '20'));
const WORKERS = flag('workers', '1,2,4').split(',').map(Number);

function server(): { proc: ChildProcess; ready: Promise<{ origins: string[] }> } {
  const spec = { sites: Array.from({ length: CITIES }, (_, k) => ({ pages: PAGES, latencyMs: LATENCY, seed: 4200 + k })) };
  const proc = spawn(process.execPath, [join(root, 'bin', 'run-ts.js'), join(root, 'bench', 'server.ts'), JSON.stringify(spec)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<{ origins: string[] }>((resolve, reject) => {
    let buf = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      buf += d;
      const m = /^READY (.*)$/m.exec(buf);
      if (m) resolve(JSON.parse(m[1]!));
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { proc, ready };
}

const pg = await startPostgres();
const srv = server();
// Stopped with Ctrl-C: the throwaway server and the portals go too.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    srv.proc.kill('SIGTERM');
    void pg.stop().finally(() => process.exit(130));
  });
}
const dir = await mkdtemp(join(tmpdir(), 'egovscan-bench-dist-'));
try {
  const { origins } = await srv.ready;
  const targetsFile = join(dir, 'targets.yaml');
  await writeFile(targetsFile, `targets:\n${origins.map((o, i) => `  - { id: kota-${i + 1}, name: Kota ${i + 1}, portal: "${o}/" }`).join('\n')}\n`);
  const targets = await loadTargets(targetsFile);
  console.log(`distributed benchmark: ${CITIES} portals × ${PAGES} pages, ${LATENCY} ms per answer, default politeness (per-host 2, 250 ms between requests to a site), node ${process.versions.node}, ${cpus().length} cores`);
  const rates = new Map<number, number>();
  for (const n of WORKERS) {
    const url = await pg.freshDatabase(`bench_${n}`);
    // The defaults of `egovscan crawl`, but for the loopback portals and no browser.
    const settings = makeSettings({ out: join(dir, `out-${n}`), runId: `bench-${n}`, render: 'never', vantage: { mode: 'off' }, crawl: { allowPrivate: true } });
    await enqueueRun(targets, settings, url);
    const t0 = performance.now();
    const workers = Array.from({ length: n }, (_, k) =>
      spawn(process.execPath, [join(root, 'bin', 'egovscan.js'), 'worker', '--store', url, '--out', join(dir, `w${n}-${k}`), '--name', `w${k + 1}`, '--exit-when-done', '--poll-ms', '250'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }),
    );
    await Promise.all(workers.map((w) => once(w, 'exit')));
    const wall = (performance.now() - t0) / 1000;
    const store = await openStore(dir, { store: url });
    const jobs = await jobRows(store, settings.runId);
    const run = await store.getRun(settings.runId);
    await store.close();
    // Crawl time: from the first city taken to the last city saved (process start-up left out).
    const first = Math.min(...jobs.map((j) => Date.parse(j.startedAt ?? '')));
    const last = Math.max(...jobs.map((j) => Date.parse(j.finishedAt ?? '')));
    const seconds = (last - first) / 1000;
    const done = jobs.filter((j) => j.state === 'done').length;
    const perMinute = done / (seconds / 60);
    rates.set(n, perMinute);
    const base = rates.get(WORKERS[0]!)!;
    const ratio = perMinute / base;
    console.log(
      `${n} worker${n === 1 ? ' ' : 's'}: ${done}/${CITIES} cities (${run?.status}) in ${seconds.toFixed(1)} s crawling (${wall.toFixed(1)} s with start-up): ` +
        `${perMinute.toFixed(1)} cities/minute, scaling ratio ${ratio.toFixed(2)} (${(ratio / (n / WORKERS[0]!)).toFixed(2)} × workers; goal ≥ 0.8)`,
    );
  }
} finally {
  srv.proc.kill('SIGTERM');
  await once(srv.proc, 'exit').catch(() => {});
  await pg.stop();
  await rm(dir, { recursive: true, force: true });
}
