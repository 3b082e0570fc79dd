// Parsing and reading pages is most of a static crawl's CPU, and the main thread also has to fetch,
// keep the frontier and journal. A small pool of worker threads takes the gathering, so that a crawl
// uses the machine's other cores; with one core, or if a worker cannot start, pages are gathered on
// the main thread as before. The pool lives for the process and never keeps it alive.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { PageFacts } from '../gather/types.ts';
import { analysePage, type AnalyseRequest } from './analyse-page.ts';

interface Pending {
  resolve: (facts: PageFacts) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

// Run from the sources, a worker registers tsx before it loads the TypeScript entry; the built
// package (dist/) starts the compiled entry directly.
const COMPILED = import.meta.url.endsWith('.js');
const BOOT = COMPILED
  ? fileURLToPath(new URL('./gather-worker.js', import.meta.url))
  : fileURLToPath(new URL('./gather-worker-boot.mjs', import.meta.url));
const ENTRY = new URL('./gather-worker.ts', import.meta.url).href;

let slots: Slot[] | undefined;
let nextId = 0;
let turn = 0;
let broken = false;

/** Workers to start: one per core beyond the first, at most 3; none on a single core. */
export function gatherWorkerCount(): number {
  const env = process.env.EGOVSCAN_GATHER_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

function start(): Slot[] {
  const n = gatherWorkerCount();
  const out: Slot[] = [];
  for (let i = 0; i < n; i++) {
    // A page's parse dies young, so a young generation of 16 MB is enough; V8's default is twice as
    // large and was most of the worker's memory. 8 MB saved 15 MB more but cost 10% more CPU in GC.
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY }, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (msg: { id: number; facts?: PageFacts; error?: string }) => {
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.facts!);
      if (slot.pending.size === 0) worker.unref();
    });
    worker.on('error', (err) => fail(slot, err));
    worker.on('exit', (code) => fail(slot, new Error(`gather worker exited with code ${code}`)));
    worker.unref();
    out.push(slot);
  }
  return out;
}

function fail(slot: Slot, err: Error): void {
  // A worker that dies takes no page with it: its pages are gathered on the main thread instead.
  broken = true;
  for (const p of slot.pending.values()) p.reject(err);
  slot.pending.clear();
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
  const slot = slots[turn++ % slots.length]!;
  const id = nextId++;
  try {
    return await new Promise<PageFacts>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, req });
    });
  } catch {
    return analysePage(req);
  }
}
