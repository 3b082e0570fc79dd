// What a distributed run tells its workers, kept in the store with the run: the run's settings (as
// the enqueuing machine's flags made them) and its rubric, whole, so that a worker on another
// machine needs neither the targets file nor the rubric file. Each job carries its own target.
import { randomUUID } from 'node:crypto';
import { parseDataText, readInputFile } from '../config/data-file.ts';
import type { Target } from '../config/targets.ts';
import { loadRubric, parseRubric, type Rubric } from '../score/index.ts';
import { openStore, type KyselyStore } from '../store/index.ts';
import { openCityQueue, type CityJobData, type QueueOptions } from '../queue/boss.ts';
import { addJobs } from '../queue/run-jobs.ts';
import { VERSION, type RunSettings } from './settings.ts';

export interface DistributedSpec {
  version: string;
  /** The run's settings; `out` and `resume` are each worker's own. */
  settings: Omit<RunSettings, 'now'> & { now?: string };
  rubric: { file: string; data: unknown };
  targets: number;
  leaseSeconds: number;
}

/** The spec of a run, from the run's settings in the store; undefined for a run not enqueued. */
export function specOf(settings: unknown): DistributedSpec | undefined {
  const d = (settings as { distributed?: DistributedSpec } | null)?.distributed;
  return d && typeof d === 'object' && d.settings ? d : undefined;
}

export function settingsOf(spec: DistributedSpec, out: string): RunSettings {
  const s = spec.settings;
  return { ...s, out, resume: false, now: s.now ? new Date(s.now) : undefined, vantage: { ...s.vantage } } as RunSettings;
}

export function rubricOf(spec: DistributedSpec): Rubric {
  return parseRubric(spec.rubric.data, spec.rubric.file);
}

export interface EnqueueResult {
  runId: string;
  jobs: number;
  store: string;
}

/**
 * Creates the run in the store and one job per city in the queue. A run id already in the store
 * is refused: enqueueing twice would make every city two jobs.
 */
export async function enqueueRun(targets: readonly Target[], settings: RunSettings, storeUrl: string, queue: QueueOptions = {}): Promise<EnqueueResult> {
  // A bad rubric is bad input: said before anything is created.
  await loadRubric(settings.criteria);
  const rubricData = parseDataText(await readInputFile(settings.criteria), settings.criteria);
  const store: KyselyStore = await openStore(settings.out, { store: storeUrl });
  try {
    if (await store.getRun(settings.runId)) {
      throw new Error(`run ${settings.runId} is already in ${store.file}; pick another --run-id`);
    }
    const boss = await openCityQueue(storeUrl, queue);
    try {
      // The store's URL (and its password) stays out of what the store keeps.
      const { now, store: _url, ...rest } = settings;
      const spec: DistributedSpec = {
        version: VERSION,
        settings: { ...rest, now: (now ?? new Date()).toISOString() },
        rubric: { file: settings.criteria, data: rubricData },
        targets: targets.length,
        leaseSeconds: boss.leaseSeconds,
      };
      await store.beginRun(settings.runId, { distributed: spec });
      const data: CityJobData[] = targets.map((t, i) => ({ runId: settings.runId, cityId: t.id, position: i, target: t }));
      // The store's rows first, with the ids the queue will use: a worker may take a job the moment it is sent.
      const ids = data.map(() => randomUUID());
      await addJobs(store, settings.runId, data.map((d, i) => ({ cityId: d.cityId, position: d.position, jobId: ids[i]! })));
      await boss.send(data, ids);
      return { runId: settings.runId, jobs: ids.length, store: store.file };
    } finally {
      await boss.close();
    }
  } finally {
    await store.close();
  }
}
