// The stage figures on the project's own generated portal (bench/site.ts, served by server.ts):
// egovscan's crawl stage (crawlCity + pages/links CSV), its full run (runCrawl) and linkinator,
// each in a child process of its own, each timed `runs` times (fastest kept).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { makeSite } from './site.ts';
import type { BenchFlags } from './flags.ts';
import { measure } from './measure.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runTs = join(root, 'bin', 'run-ts.js');

/** Starts a TypeScript child; resolves with its `RESULT` line (or READY line for servers). */
export function child(script: string, arg: unknown, marker: 'RESULT' | 'READY'): { proc: ChildProcess; line: Promise<unknown> } {
  const proc = spawn(process.execPath, [runTs, join(root, 'bench', script), JSON.stringify(arg)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
  });
  const line = new Promise<unknown>((resolve, reject) => {
    let buf = '';
    proc.stdout!.setEncoding('utf8');
    proc.stdout!.on('data', (d: string) => {
      buf += d;
      for (;;) {
        const nl = buf.indexOf('\n');
        if (nl < 0) break;
        const l = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (l.startsWith(`${marker} `)) resolve(JSON.parse(l.slice(marker.length + 1)));
      }
    });
    proc.on('exit', (code) => reject(new Error(`${script} exited with ${code} before printing ${marker}`)));
  });
  return { proc, line };
}

export async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  proc.kill('SIGTERM');
  await once(proc, 'exit');
}

interface CrawlerResult {
  ms: number;
  pages: number;
  linksChecked: number;
  broken: string[];
  peakRssMb: number;
}

function compare(found: string[], truth: Set<string>): { correct: number; missing: number; falseFound: number; missingList: string[]; falseList: string[] } {
  const f = new Set(found);
  const missingList = [...truth].filter((u) => !f.has(u));
  const falseList = [...f].filter((u) => !truth.has(u));
  return { correct: f.size - falseList.length, missing: missingList.length, falseFound: falseList.length, missingList, falseList };
}

function line(name: string, r: CrawlerResult, truth: Set<string>): string {
  // pages: distinct HTML pages of the portal fetched with status 200
  const c = compare(r.broken, truth);
  const secs = r.ms / 1000;
  const detail = [
    c.missing ? ` missing e.g. ${c.missingList.slice(0, 3).join(' ')}` : '',
    c.falseFound ? ` false e.g. ${c.falseList.slice(0, 3).join(' ')}` : '',
  ].join('');
  return (
    `${name.padEnd(10)} ${String(r.pages).padStart(6)} pages in ${secs.toFixed(2).padStart(6)} s = ${(r.pages / secs).toFixed(0).padStart(5)} pages/s, ` +
    `${(r.linksChecked / secs).toFixed(0).padStart(5)} links checked/s (${r.linksChecked} distinct), peak RSS ${r.peakRssMb.toFixed(0)} MB, ` +
    `broken ${c.correct}/${truth.size} found, ${c.missing} missing, ${c.falseFound} false${detail}`
  );
}

async function fastest<R extends { ms?: number; error?: string }>(RUNS: number, run: () => Promise<R>): Promise<R> {
  let best: R | undefined;
  for (let i = 0; i < RUNS; i++) {
    const r = await run();
    if (r.error !== undefined) return r;
    if (!best || (r.ms ?? Infinity) < (best.ms ?? Infinity)) best = r;
  }
  return best!;
}

async function warmUp(CONCURRENCY: number, origin: string, site: { pages: number; path(i: number): string }): Promise<number> {
  const t0 = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < site.pages) {
      const i = next++;
      const res = await fetch(origin + site.path(i));
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - t0;
}

export async function runStages(f: BenchFlags): Promise<void> {
  const { PAGES, CONCURRENCY, SEED, RUNS } = { PAGES: f.stagePages, CONCURRENCY: f.concurrency, SEED: f.seed, RUNS: f.runs };
  const has = (name: 'skip-linkinator' | 'skip-full') => f.has(name);
  const server = child('server.ts', { sites: [{ pages: PAGES, seed: SEED }] }, 'READY');
  try {
    const { origins, external } = (await server.line) as { origins: string[]; external: string };
    const site = makeSite({ pages: PAGES, seed: SEED, origin: origins[0]!, externalOrigin: external });
    const truth = site.deadTargets();
    const stats = site.linkStats();
    console.log(
      `egovscan benchmark: generated portal of ${site.pages} pages, ${stats.links} links (${((stats.deadLinks / stats.links) * 100).toFixed(1)}% dead, ` +
        `${truth.size} distinct dead targets), concurrency ${CONCURRENCY}, node ${process.versions.node}, ${(await import('node:os')).cpus().length} cores`,
    );

    // Warm the server before timing anything: it builds pages on the fly, and a cold server (JIT,
    // page caches) would slow whichever crawler happens to run first.
    const warm = await warmUp(CONCURRENCY, origins[0]!, site);
    console.log(`server warmed up: ${site.pages} pages fetched once in ${(warm / 1000).toFixed(1)} s (not timed); each crawler timed ${RUNS}× (fastest kept)`);

    const job = { origins, pages: PAGES, concurrency: CONCURRENCY, perHost: CONCURRENCY };
    // The crawler itself, as runCrawl runs it per city (crawlCity: fetch, parse, gather, frontier,
    // link checks, journal) plus pages.csv and links.csv: the work linkinator does too.
    const ours = await fastest(RUNS, () => child('egovscan-child.ts', { mode: 'stage', ...job }, 'RESULT').line as Promise<CrawlerResult>);
    console.log(line('egovscan', ours, truth) + '  [crawl stage]');
    // The whole `egovscan crawl` run: the crawl stage plus application liveness, indicators and
    // scores, the SQLite history and every output file.
    let full: CrawlerResult | undefined;
    if (!has('skip-full')) {
      full = (await child('egovscan-child.ts', { mode: 'single', ...job }, 'RESULT').line) as CrawlerResult;
      console.log(line('egovscan', full, truth) + '  [full run: + applications, scoring, history, all files]');
    }
    let theirs: CrawlerResult | undefined;
    let linkinatorFailed = false;
    if (!has('skip-linkinator')) {
      // Plain Node, as linkinator runs; peak RSS and CPU from the kernel (measure.ts).
      const raw = (await fastest(RUNS, async () => {
        const m = await measure<CrawlerResult & { ok: string[]; error?: string }>([join(root, 'bench', 'linkinator-child.mjs'), JSON.stringify({ origin: origins[0], concurrency: CONCURRENCY })], { cwd: root });
        return { ...(m.result ?? { error: `exit ${m.code}: ${m.stderrTail}`, ms: m.wallMs }), peakRssMb: m.peakRssMb } as CrawlerResult & { ok: string[]; error?: string };
      })) as CrawlerResult & { ok: string[]; error?: string };
      if (raw.error !== undefined) {
        console.log(`linkinator  did not finish: ${raw.error.slice(0, 300)} (after ${((raw.ms ?? 0) / 1000).toFixed(1)} s, peak RSS ${(raw.peakRssMb ?? 0).toFixed(0)} MB)`);
        linkinatorFailed = true;
      } else {
        // Pages = the portal's HTML pages that answered 200 (linkinator also fetches images and styles).
        const base = origins[0]!;
        raw.pages = raw.ok.filter((u) => u.startsWith(base) && site.indexOf(u.slice(base.length)) >= 0).length;
        theirs = raw;
        console.log(line('linkinator', theirs, truth));
      }
    }

    if (theirs) {
      const rate = (r: CrawlerResult) => r.pages / (r.ms / 1000);
      if (full) console.log(`full run (incl. scoring) vs linkinator: ${(rate(full) / rate(theirs)).toFixed(1)}x`);
      console.log('throughput below = crawl stage pages/s ÷ linkinator pages/s, same site, same concurrency');
      console.log(`throughput vs linkinator: ${(rate(ours) / rate(theirs)).toFixed(1)}x`);
    } else console.log(`throughput vs linkinator: n/a (${linkinatorFailed ? 'linkinator did not finish' : '--skip-linkinator'})`);
  } finally {
    await stop(server.proc);
  }
}
