// Indicators only a person can judge (quality of an e-mail reply, whether a strategy is current).
// They are listed so that the rubric stays complete, and never guessed.
import { z } from 'zod';
import type { DetectorKind } from '../types.ts';

const schema = z.strictObject({
  kind: z.literal('manual'),
  /** What the assessor has to do. */
  how: z.string().min(1).optional(),
});
export type ManualConfig = z.infer<typeof schema>;

export const manual: DetectorKind<ManualConfig> = {
  kind: 'manual',
  schema,
  start: (c) => ({ settled: true, finish: () => ({ met: null, evidence: [], note: `not assessed: needs a person${c.how ? ` (${c.how})` : ''}` }) }),
  summary: (c) => `manual${c.how ? `: ${c.how}` : ''}`,
};
