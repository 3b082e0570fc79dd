// V8 sizes a heap for throughput: after each full collection it lets the heap grow to up to four
// times what is alive before collecting again. A crawl keeps little alive (a record per page; the
// facts are in the journal) but allocates fast (every page's HTML, its parse, its journal line),
// so on a 20,000-page portal the heap grew to 300 MB around 45 MB of live data. A smaller growth
// factor collects sooner: peak memory fell by about a third at the same speed (docs/performance.md).
// This is a soft setting, not a cap: a run that needs more memory still gets it.
import { setFlagsFromString } from 'node:v8';

let tuned = false;

/** Growth of the heap after a full collection, in percent. EGOVSCAN_HEAP_GROWTH overrides (0 = V8's default). */
export function heapGrowthPercent(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.EGOVSCAN_HEAP_GROWTH;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : 10;
}

/**
 * Applies the crawl's heap setting to this process (and to the gather workers it starts later).
 * Called by the command line; a library caller decides for its own process.
 */
export function tuneHeapForCrawling(env: NodeJS.ProcessEnv = process.env): void {
  if (tuned) return;
  tuned = true;
  const growth = heapGrowthPercent(env);
  if (growth > 0) setFlagsFromString(`--heap-growing-percent=${growth}`);
}
