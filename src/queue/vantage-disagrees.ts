// A distributed run's workers may stand in different places (`--vantage`): Indonesian government
// sites often filter foreign or data-centre addresses, so an application can be dead from one
// vantage and alive from another. That is not a death: such an application is written `unknown`,
// reason `vantage_disagrees`, in every city that lists it. Decided once, when the run's last city
// is in, so that it does not depend on which city was saved first.
import { isAlive } from '../apps/types.ts';
import type { Tx } from '../store/db.ts';

export const VANTAGE_DISAGREES = 'vantage_disagrees';

/** Rewrites the run's applications seen dead and alive from two vantages; returns their URLs. */
export async function markVantageDisagreements(tx: Tx, runId: string): Promise<string[]> {
  const rows = await tx.selectFrom('apps as a')
    .innerJoin('cities as c', (j) => j.onRef('c.run_id', '=', 'a.run_id').onRef('c.city_id', '=', 'a.city_id'))
    .select(['a.url as url', 'a.status as status', 'c.vantage as vantage'])
    .where('a.run_id', '=', runId).execute();
  const byUrl = new Map<string, { dead: Set<string>; alive: Set<string> }>();
  for (const r of rows) {
    const seen = byUrl.get(r.url) ?? { dead: new Set<string>(), alive: new Set<string>() };
    if (r.status === 'inactive') seen.dead.add(r.vantage);
    else if (isAlive(r.status)) seen.alive.add(r.vantage);
    byUrl.set(r.url, seen);
  }
  const disputed = [...byUrl].filter(([, s]) => [...s.dead].some((d) => [...s.alive].some((a) => a !== d))).map(([url, s]) => ({ url, s }));
  for (const { url, s } of disputed) {
    const detail = `inactive from ${[...s.dead].map((v) => v || '(unnamed)').sort().join(', ')}; alive from ${[...s.alive].map((v) => v || '(unnamed)').sort().join(', ')}`;
    await tx.updateTable('apps').set({ status: 'unknown', reason: VANTAGE_DISAGREES, detail })
      .where('run_id', '=', runId).where('url', '=', url).where('status', '=', 'inactive').execute();
  }
  return disputed.map((d) => d.url).sort();
}
