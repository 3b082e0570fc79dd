// Many portals at once: N generated portals (bench/site.ts) on a server with 20 ms per response,
// crawled by one `runCrawl` with egovscan's default politeness (2 requests per site, 250 ms between
// two starts on one site), every city at once. A few portals are first crawled alone; the run of
// all of them together should take at most 1.2× the slowest of those. The server counts the
// requests in flight on each listener: the most seen on any one site must never exceed 2.
import { child, stop } from './stages.ts';
import type { BenchFlags } from './flags.ts';

const LATENCY_MS = 20;
const PER_HOST = 2;
const DELAY_MS = 250;

export async function runMulti(f: BenchFlags): Promise<void> {
  const n = f.multiPortals;
  const server = child('server.ts', { sites: Array.from({ length: n }, (_, k) => ({ pages: f.multiPages, latencyMs: LATENCY_MS, seed: f.seed + k })), externalLatencyMs: LATENCY_MS }, 'READY');
  try {
    const { origins, external } = (await server.line) as { origins: string[]; external: string };
    // Spread over the list: the first, the last and the middle ones.
    const alone = [...new Set(Array.from({ length: Math.min(f.multiSingles, n) }, (_, i) => Math.round((i * (n - 1)) / Math.max(1, f.multiSingles - 1))))];
    const r = (await child(
      'egovscan-child.ts',
      { mode: 'multi', origins, pages: f.multiPages, concurrency: n * PER_HOST, perHost: PER_HOST, delayMs: DELAY_MS, cityConcurrency: n, singles: alone, statsOrigin: external },
      'RESULT',
    ).line) as { singles: number[]; alone: number[]; totalMs: number; pages: number[]; maxInFlightAlone: number; maxInFlightTogether: number; cities: number };
    const slowest = Math.max(...r.singles);
    const pages = r.pages.reduce((a, b) => a + b, 0);
    console.log(
      `many portals: ${n} portals × ${f.multiPages} pages (bench/site.ts), ${LATENCY_MS} ms per response, per-host ${PER_HOST}, delay ${DELAY_MS} ms, ` +
        `concurrency ${n * PER_HOST}, city-concurrency ${n}: together ${(r.totalMs / 1000).toFixed(1)} s for ${r.cities} cities and ${pages} pages; ` +
        `alone (portals ${r.alone.join(', ')}) ${r.singles.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; ratio ${(r.totalMs / slowest).toFixed(2)} (target ≤ 1.2); ` +
        `most requests in flight on one site: ${r.maxInFlightTogether} together, ${r.maxInFlightAlone} alone (limit ${PER_HOST})`,
    );
  } finally {
    await stop(server.proc);
  }
}
