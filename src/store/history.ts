// first_seen, last_seen_alive, changed and failures_in_a_row of one application, from its rows in
// the runs that count: finished runs that covered the city, plus the run being reported.
import { isAlive, type AppHistory } from '../apps/types.ts';

export interface Observation {
  seq: number;
  started: string;
  status: string;
}

/**
 * `observations`: the application's rows, oldest first, ending with the current run's row.
 * `previousRunSeq`: the newest finished run before it that covered the city (undefined: none).
 */
export function computeHistory(observations: readonly Observation[], previousRunSeq: number | undefined): AppHistory {
  const current = observations.at(-1);
  if (!current) return { firstSeen: '', lastSeenAlive: '', changed: '', failuresInARow: 0 };
  const firstSeen = observations[0]!.started;
  const lastAlive = [...observations].reverse().find((o) => isAlive(o.status));

  let failuresInARow = 0;
  for (let i = observations.length - 1; i >= 0; i--) {
    const s = observations[i]!.status;
    // A run that could not judge the application (blocked, robots) says nothing either way.
    if (s === 'unknown') continue;
    if (s !== 'inactive') break;
    failuresInARow++;
  }

  let changed: AppHistory['changed'] = '';
  if (previousRunSeq !== undefined) {
    const before = observations.slice(0, -1);
    if (!before.some((o) => o.seq === previousRunSeq)) {
      changed = 'new';
    } else if (current.status !== 'unknown') {
      const judged = [...before].reverse().find((o) => o.status !== 'unknown');
      if (judged) changed = transition(judged.status, current.status);
    }
  }
  return { firstSeen, lastSeenAlive: lastAlive?.started ?? '', changed, failuresInARow };
}

export function transition(before: string, after: string): AppHistory['changed'] {
  if (isAlive(before) && after === 'inactive') return 'died';
  if (before === 'inactive' && isAlive(after)) return 'recovered';
  if (before === 'active' && after === 'stale') return 'went_stale';
  return '';
}
