// Parsing and reading pages is most of a static crawl's CPU, and the main thread also has to fetch,
// keep the frontier and journal. A small pool of worker threads takes the gathering, so that a crawl
// uses the machine's other cores, and so that no page can stall the crawl: each page has a time
// budget, and a worker that overruns it is terminated and replaced while the other workers go on.
// If no worker can start, pages are gathered on the main thread as before (without a budget). The
// pool lives for the process and never keeps it alive.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PageFacts } from '../gather/types.ts';
import { analysePage, type AnalyseRequest } from './analyse-page.ts';
import { rememberFingerprint } from './facts-fingerprint.ts';
import { rememberFactsJson } from './facts-json.ts';

interface Pending {
  req: AnalyseRequest;
  resolve: (facts: PageFacts) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
  /** When the worker started reading it (performance.now()). */
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  /** In the order sent: the worker answers them one after another. */
  pending: Map<number, Pending>;
  /** Terminated on purpose (a page overran): its exit is not a failure. */
  retired: boolean;
  /** The worker has loaded its code: budgets run from here on. */
  ready: boolean;
}

// Run from the sources, a worker registers tsx before it loads the TypeScript entry; the built
// package (dist/) starts the compiled entry directly.
const COMPILED = import.meta.url.endsWith('.js');
const BOOT = COMPILED
  ? fileURLToPath(new URL('./gather-worker.js', import.meta.url))
  : fileURLToPath(new URL('./gather-worker-boot.mjs', import.meta.url));
const ENTRY = new URL('./gather-worker.ts', import.meta.url).href;

/**
 * Time one page may take to be parsed and read, in ms. A 2 MB portal page takes well under a
 * second; a page that takes this long is built to be expensive (or the parser met its worst case).
 */
export const PAGE_BUDGET_MS = 15_000;

/**
 * A page that has been read this long is slow: new pages do not queue behind it but go to another
 * worker, started for them when every worker is busy with a slow page (at most SPARE_WORKERS more).
 */
const SLOW_MS = 1000;

/** SLOW_MS, or a third of a budget set shorter than that (tests). */
function slowMs(): number {
  return Math.min(SLOW_MS, pageBudgetMs() / 3);
}
const SPARE_WORKERS = 2;

/** The flag and reason word of a page whose reading overran the budget (contract.md). */
export const TOO_COMPLEX = 'too_complex';

let slots: Slot[] | undefined;
let nextId = 0;
let broken = false;

/** Workers to start: one per core beyond the first, at most 3; one on a single core (for the budget). */
export function gatherWorkerCount(): number {
  const env = process.env.EGOVSCAN_GATHER_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.max(1, Math.min(3, availableParallelism() - 1));
}

/** The per-page budget: EGOVSCAN_PAGE_BUDGET_MS when set (tests, slow machines), else PAGE_BUDGET_MS. */
export function pageBudgetMs(): number {
  const env = process.env.EGOVSCAN_PAGE_BUDGET_MS;
  return env !== undefined && /^\d+$/.test(env) && Number(env) > 0 ? Number(env) : PAGE_BUDGET_MS;
}

/** The facts of a page that was not read: empty, flagged, with the budget it overran. */
export function tooComplexFacts(budgetMs: number): PageFacts {
  return {
    meta: { title: '', og: {} },
    headings: [],
    links: [],
    forms: [],
    documents: [],
    dates: [],
    textLength: 0,
    text: '',
    images: { total: 0, withoutAlt: 0 },
    flags: [TOO_COMPLEX],
    cut: { tooComplexMs: budgetMs },
  };
}

function startSlot(): Slot {
  // A page's parse dies young, so a young generation of 16 MB is enough; V8's default is twice as
  // large and was most of the worker's memory. 8 MB saved 15 MB more but cost 10% more CPU in GC.
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const slot: Slot = { worker, pending: new Map(), retired: false, ready: false };
  worker.on('message', (msg: { id: number; facts?: PageFacts; fp?: string; json?: Uint8Array; error?: string; ready?: boolean }) => {
    if (msg.ready) {
      slot.ready = true;
      armFirst(slot);
      return;
    }
    const p = slot.pending.get(msg.id);
    if (!p) return;
    slot.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error !== undefined) p.reject(new Error(msg.error));
    else {
      if (msg.fp !== undefined) rememberFingerprint(msg.facts!, msg.fp);
      if (msg.json !== undefined) rememberFactsJson(msg.facts!, msg.json);
      p.resolve(msg.facts!);
    }
    // The next page in this worker starts now: its budget too.
    armFirst(slot);
    if (slot.pending.size === 0) worker.unref();
  });
  worker.on('error', (err) => fail(slot, err));
  worker.on('exit', (code) => {
    if (!slot.retired) fail(slot, new Error(`gather worker exited with code ${code}`));
  });
  worker.unref();
  return slot;
}

function start(): Slot[] {
  const out: Slot[] = [];
  for (let i = 0, n = gatherWorkerCount(); i < n; i++) out.push(startSlot());
  return out;
}

/** The page a worker is reading is its first pending one: only that one's budget runs. */
function armFirst(slot: Slot): void {
  if (!slot.ready) return;
  const first = slot.pending.entries().next();
  if (first.done) return;
  const [id, p] = first.value;
  if (p.timer) return;
  p.startedAt = performance.now();
  const budget = pageBudgetMs();
  p.timer = setTimeout(() => overran(slot, id, budget), budget);
  p.timer.unref();
}

/**
 * A page overran its budget: it is answered as too complex, its worker terminated (a synchronous
 * parse cannot be interrupted otherwise) and replaced, and the pages queued behind it go to the
 * new worker with budgets of their own.
 */
function overran(slot: Slot, id: number, budget: number): void {
  const p = slot.pending.get(id);
  if (!p || !slots) return;
  slot.pending.delete(id);
  clearTimeout(p.timer);
  p.resolve(tooComplexFacts(budget));
  slot.retired = true;
  void slot.worker.terminate();
  const index = slots.indexOf(slot);
  let fresh: Slot;
  try {
    fresh = startSlot();
  } catch {
    // No new worker: the rest is gathered here.
    for (const q of slot.pending.values()) q.resolve(analysePage(q.req));
    slot.pending.clear();
    slots.splice(index, 1);
    return;
  }
  if (index >= 0) slots[index] = fresh;
  for (const [qid, q] of slot.pending) send(fresh, qid, { ...q, timer: undefined });
  slot.pending.clear();
}

function fail(slot: Slot, err: Error): void {
  if (slot.retired) return;
  const first = slot.pending.keys().next();
  if (slot.ready && !first.done) {
    // A worker that dies while reading a page (out of memory, most often) was killed by that page:
    // it is answered as too complex like a page over its budget, and the rest go to a new worker.
    // Gathering it here instead would let the same page take the main thread down.
    overran(slot, first.value, pageBudgetMs());
    return;
  }
  // A worker that cannot start takes no page with it: its pages are gathered on the main thread.
  slot.retired = true;
  broken = true;
  for (const p of slot.pending.values()) {
    clearTimeout(p.timer);
    p.reject(err);
  }
  slot.pending.clear();
}

function send(slot: Slot, id: number, p: Pending): void {
  slot.pending.set(id, p);
  slot.worker.ref();
  slot.worker.postMessage({ id, req: p.req });
  armFirst(slot);
}

/** Since when a worker has been reading its current page, in ms (0 when idle). */
function busyFor(slot: Slot, now: number): number {
  const first = slot.pending.values().next();
  return first.done || first.value.startedAt === undefined ? 0 : now - first.value.startedAt;
}

/**
 * The least busy worker that is not stuck on a slow page. When all are stuck, a spare worker is
 * started, and until one is ready the page is gathered here (undefined): a normal page takes
 * milliseconds, and it must not wait for a hostile one's budget.
 */
function pick(all: Slot[]): Slot | undefined {
  const now = performance.now();
  const slow = slowMs();
  let best: Slot | undefined;
  for (const s of all) {
    if (s.ready && busyFor(s, now) >= slow) continue;
    // A worker still loading takes pages only while no other is up (the pool's start).
    if (!s.ready && all.some((o) => o.ready)) continue;
    if (!best || s.pending.size < best.pending.size) best = s;
  }
  if (best) return best;
  if (all.length < gatherWorkerCount() + SPARE_WORKERS) {
    try {
      all.push(startSlot());
    } catch {
      // no spare: gathered here
    }
  }
  return undefined;
}

/** Gathers one page's facts in a worker when there is one, else here. */
export async function analyseInPool(req: AnalyseRequest): Promise<PageFacts> {
  if (!broken && !slots) {
    try {
      slots = start();
    } catch {
      broken = true;
    }
  }
  if (broken || !slots || slots.length === 0) return analysePage(req);
  const slot = pick(slots);
  if (!slot) return analysePage(req);
  const id = nextId++;
  try {
    return await new Promise<PageFacts>((resolve, reject) => send(slot, id, { req, resolve, reject }));
  } catch {
    return analysePage(req);
  }
}
