// Politeness across the workers of a distributed run. A link to another site (the national
// platforms every portal links to) is checked once per run, by whichever worker asks first; the
// others read its answer from the store (shared_checks). And the requests of all workers to one
// external origin keep the run's delay between them (host_pace, on the database's clock), as one
// process would: ten workers do not mean ten times the pace on lapor.go.id.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { FetchKind, FetchResult, HttpPool, PoolFetchOptions } from '../crawl/index.ts';
import type { KyselyStore } from '../store/index.ts';

export interface SharedChecksOptions {
  runId: string;
  vantage: string;
  /** Milliseconds between two requests to one external origin, over all workers. */
  delayMs: number;
  /** How long to wait for another worker's answer before asking ourselves. */
  waitMs?: number;
}

/** The answer as kept: everything but a body. */
function kept(res: FetchResult): Omit<FetchResult, 'html' | 'body'> {
  const { html: _h, body: _b, ...rest } = res;
  return rest;
}

/** Waits for this worker's turn on `origin`: one slot per `delayMs` over every worker of the run. */
export async function paceAcrossWorkers(store: KyselyStore, runId: string, origin: string, delayMs: number, signal?: AbortSignal): Promise<void> {
  if (delayMs <= 0) return;
  const now = sql<number>`(extract(epoch from clock_timestamp()) * 1000)`;
  const row = await store.db.insertInto('host_pace')
    .values({ run_id: runId, origin, next_at: sql<number>`${now} + ${delayMs}` })
    .onConflict((oc) => oc.columns(['run_id', 'origin']).doUpdateSet({ next_at: sql<number>`GREATEST(host_pace.next_at, ${now}) + ${delayMs}` }))
    .returning([sql<number>`next_at - ${delayMs} - ${now}`.as('wait')])
    .executeTakeFirst();
  const wait = Number(row?.wait ?? 0);
  if (wait > 0) await sleep(wait, undefined, { signal });
}

/** The pool, with its shared link checks answered once per run from the store (PostgreSQL only). */
export function withSharedChecks(pool: HttpPool, store: KyselyStore, opts: SharedChecksOptions): HttpPool {
  if (store.dialect !== 'postgres') return pool;
  const waitMs = opts.waitMs ?? 60_000;
  const shared = async (url: string, kind: FetchKind, extra: PoolFetchOptions): Promise<FetchResult> => {
    const key = `${kind} ${url}`;
    const read = async () => {
      const row = await store.db.selectFrom('shared_checks').select('outcome').where('run_id', '=', opts.runId).where('url', '=', key).executeTakeFirst();
      return row === undefined ? undefined : row.outcome;
    };
    const known = await read();
    if (known) return JSON.parse(known) as FetchResult;
    if (known === undefined) {
      // Claim the check: the one worker whose row lands asks; the others wait for its answer.
      const claim = await store.db.insertInto('shared_checks')
        .values({ run_id: opts.runId, url: key, outcome: '', vantage: opts.vantage, checked_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['run_id', 'url']).doNothing()).returning('url').executeTakeFirst();
      if (claim) {
        try {
          await paceAcrossWorkers(store, opts.runId, new URL(url).origin, opts.delayMs, extra.signal);
          const res = await pool.fetch(url, kind, extra);
          await store.db.updateTable('shared_checks').set({ outcome: JSON.stringify(kept(res)), checked_at: new Date().toISOString() })
            .where('run_id', '=', opts.runId).where('url', '=', key).execute();
          return res;
        } catch (err) {
          // Let another worker ask, rather than leave everyone waiting on a claim nobody answers.
          await store.db.deleteFrom('shared_checks').where('run_id', '=', opts.runId).where('url', '=', key).where('outcome', '=', '').execute().catch(() => {});
          throw err;
        }
      }
    }
    const t0 = Date.now();
    while (Date.now() - t0 < waitMs && !extra.signal?.aborted) {
      await sleep(100);
      const answer = await read();
      if (answer) return JSON.parse(answer) as FetchResult;
      if (answer === undefined) break; // the claimer gave up: ask ourselves
    }
    return pool.fetch(url, kind, extra);
  };
  return Object.assign(Object.create(pool) as HttpPool, {
    fetch: (url: string, kind: FetchKind, extra: PoolFetchOptions = {}) =>
      extra.share && !extra.checkHop ? shared(url, kind, extra) : pool.fetch(url, kind, extra),
  });
}
