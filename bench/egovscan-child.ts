// Crawls the benchmark portal(s) with egovscan's real static pipeline (runCrawl: crawl, gather, journal,
// pages.csv / links.csv / run.json), in a process of its own so that its peak RSS is its own.
// Usage: egovscan-child.ts <json job>; prints `RESULT <json>` as its last line.
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrawl } from '../src/run/crawl-run.ts';
import { makeSettings } from '../src/run/settings.ts';
import type { Target } from '../src/config/targets.ts';
import { mb, RssSampler, traceMemory } from './rss.ts';
import { tuneHeapForCrawling } from '../src/run/heap.ts';
import { crawlCity } from '../src/run/crawl-city.ts';
import { createHttpPool } from '../src/crawl/index.ts';
import { writeCsv } from '../src/report/csv.ts';

interface Job {
  mode: 'single' | 'multi' | 'stage';
  origins: string[];
  pages: number;
  concurrency: number;
  perHost: number;
  cityConcurrency?: number;
  keep?: boolean;
  /** multi: the politeness delay (default 0 here; the many-portals case uses egovscan's default 250 ms). */
  delayMs?: number;
  /** multi: which portals are timed alone (indices; default all). */
  singles?: number[];
  /** multi: the server's external origin, whose /__bench/stats counts requests in flight per listener. */
  statsOrigin?: string;
}

// As the command line does.
tuneHeapForCrawling();
traceMemory();
const job = JSON.parse(process.argv[2]!) as Job;

function target(origin: string, k: number): Target {
  return { id: `kota-bench-${k}`, name: `Kota Bench ${k}`, portal: `${origin}/` } as Target;
}

/** The crawl settings of every egovscan measurement: only concurrency and per-host vary. */
function crawlOptions(concurrency: number, perHost: number) {
  if (job.mode === 'multi') {
    // Many portals: egovscan's own defaults (politeness, trap guards, budgets) but the pace.
    return { concurrency, perHost, delayMs: job.delayMs ?? 0, allowPrivate: true };
  }
  return {
    // Twice the site: its 404 pages and documents count against the budget too.
    maxPages: job.pages * 2,
    maxDepth: 10,
    concurrency,
    perHost,
    delayMs: 0,
    allowPrivate: true,
    // The generated site has thousands of article URLs of one shape; this is a throughput test, so
    // the trap guard's per-pattern sample cap is lifted.
    maxPerPattern: job.pages + 1000,
    timeoutMs: 20_000,
  };
}

async function crawl(targets: Target[], concurrency: number, perHost: number, cityConcurrency: number) {
  const out = await mkdtemp(join(tmpdir(), 'egovscan-bench-'));
  const settings = makeSettings({
    out,
    runId: 'bench',
    render: 'never',
    lighthouse: false,
    bom: false,
    cityConcurrency,
    crawl: crawlOptions(concurrency, perHost),
  });
  const t0 = performance.now();
  const result = await runCrawl(targets, settings);
  const ms = performance.now() - t0;
  return { out, dir: result.dir, ms, result };
}

function csvColumn(text: string, column: string): string[][] {
  const lines = text.replace(/^\uFEFF/, '').split('\n').filter(Boolean);
  const header = lines[0]!.split(',');
  const idx = column.split(',').map((c) => header.indexOf(c));
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    return idx.map((i) => cells[i] ?? '');
  });
}

if (job.mode === 'stage') {
  // The crawl stage alone, as runCrawl runs it for one city: crawlCity (fetch, parse, gather,
  // frontier, link checks, journal) and the pages/links CSV files, without applications and scoring.
  const rss = new RssSampler();
  const out = await mkdtemp(join(tmpdir(), 'egovscan-bench-'));
  const settings = makeSettings({
    out, runId: 'bench', render: 'never', bom: false,
    crawl: crawlOptions(job.concurrency, job.perHost),
  });
  const t0 = performance.now();
  const pool = createHttpPool(settings.crawl);
  const c = await crawlCity(target(job.origins[0]!, 0), settings, join(out, 'bench'), pool, new Date(), undefined, undefined);
  await pool.close();
  await writeCsv(join(out, 'pages.csv'), ['url', 'http_status', 'kind', 'title'], c.facts.pages.map((p) => ({ url: p.url, http_status: p.status, kind: p.kind, title: p.title })));
  await writeCsv(join(out, 'links.csv'), ['source_url', 'target_url', 'status', 'reason'], c.links.map((l) => ({ source_url: l.sourceUrl, target_url: l.targetUrl, status: l.status, reason: l.reason })));
  const ms = performance.now() - t0;
  const peak = rss.stop();
  if (process.env.BENCH_HEAP) {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    console.error(`after gc: heapUsed ${mb(m.heapUsed)} MB, rss ${mb(m.rss)} MB, external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB`);
  }
  const broken = [...new Set(c.links.filter((l) => l.status === 'broken').map((l) => l.targetUrl))];
  const pages = c.facts.pages.filter((p) => p.kind === 'page' && p.status === 200).length;
  await rm(out, { recursive: true, force: true });
  const cpu = process.cpuUsage();
  process.stdout.write(`RESULT ${JSON.stringify({ ms, pages, linksChecked: c.summary.linksChecked, broken, peakRssMb: peak, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
} else if (job.mode === 'single') {
  const rss = new RssSampler();
  const { out, dir, ms, result } = await crawl([target(job.origins[0]!, 0)], job.concurrency, job.perHost, 1);
  const peak = rss.stop();
  const city = result.cities[0]!;
  const links = csvColumn(await readFile(join(dir, 'links.csv'), 'utf8'), 'target_url,status');
  const pagesCsv = csvColumn(await readFile(join(dir, 'pages.csv'), 'utf8'), 'kind,http_status');
  const broken = [...new Set(links.filter(([, s]) => s === 'broken').map(([u]) => u!))];
  if (!job.keep) await rm(out, { recursive: true, force: true });
  process.stdout.write(
    `RESULT ${JSON.stringify({
      ms,
      pages: pagesCsv.filter(([k, s]) => k === 'page' && s === '200').length,
      documents: pagesCsv.filter(([k]) => k === 'document').length,
      linksChecked: city.summary.linksChecked,
      broken,
      peakRssMb: peak,
      status: result.status,
    })}\n`,
  );
} else {
  const cityConcurrency = job.cityConcurrency ?? job.origins.length;
  const stats = async (path: 'stats' | 'reset') => {
    if (!job.statsOrigin) return undefined;
    const res = await fetch(`${job.statsOrigin}/__bench/${path}`);
    return path === 'stats' ? ((await res.json()) as { maxInFlight: number[]; extMaxInFlight: number }) : undefined;
  };
  const singles: number[] = [];
  const alone = job.singles ?? job.origins.map((_, k) => k);
  await stats('reset');
  for (const k of alone) {
    const { out, ms } = await crawl([target(job.origins[k]!, k)], job.concurrency, job.perHost, 1);
    singles.push(ms);
    await rm(out, { recursive: true, force: true });
  }
  const aloneStats = await stats('stats');
  await stats('reset');
  const all = await crawl(job.origins.map(target), job.concurrency, job.perHost, cityConcurrency);
  const togetherStats = await stats('stats');
  await rm(all.out, { recursive: true, force: true });
  const pages = all.result.cities.map((c) => c.summary.pagesFetched);
  const maxOf = (s?: { maxInFlight: number[]; extMaxInFlight: number }) => (s ? Math.max(0, ...s.maxInFlight.filter((n) => n !== null), s.extMaxInFlight) : -1);
  process.stdout.write(
    `RESULT ${JSON.stringify({ singles, alone, totalMs: all.ms, pages, maxInFlightAlone: maxOf(aloneStats), maxInFlightTogether: maxOf(togetherStats), cities: all.result.cities.length })}\n`,
  );
}
