import { z } from 'zod';
import { clip } from '../text.ts';
import { MAX_EVIDENCE, type DetectorOutcome, type Evidence } from '../types.ts';

/** A keyword list: each entry a keyword or a list of synonyms counted once. */
export const keywordList = z
  .array(
    z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
      // YAML reads `112` or `yes` as a number or boolean; say how to keep it a keyword.
      error: (issue) => `must be a keyword (text) or a list of synonyms, got ${JSON.stringify(issue.input)}; put numbers and yes/no in quotes`,
    }),
  )
  .min(1);
export type KeywordList = z.infer<typeof keywordList>;

export const minField = z.number().int().positive().optional();
export const partialField = z.boolean().optional();

/**
 * `min` distinct things are needed to meet the indicator; with `partial`, fewer earn a share of
 * the points (found / min), so that a portal with one of two budget documents is not scored as one
 * with none.
 */
export function byCount(found: number, min = 1, partial = false): { met: boolean; value: number } {
  const met = found >= min;
  const value = met ? 1 : partial ? found / min : 0;
  return { met, value };
}

/** Collects evidence, one row per distinct url+text, capped. */
export class EvidenceList {
  readonly rows: Evidence[] = [];
  private readonly seen = new Set<string>();
  add(url: string, text: string): void {
    const row = { url, text: clip(text) };
    const key = `${row.url}\u0000${row.text}`;
    if (this.seen.has(key) || this.rows.length >= MAX_EVIDENCE) return;
    this.seen.add(key);
    this.rows.push(row);
  }
}

export function outcome(found: number, min: number | undefined, partial: boolean | undefined, ev: EvidenceList, missing: string): DetectorOutcome {
  const { met, value } = byCount(found, min, partial);
  const out: DetectorOutcome = { met, value, evidence: ev.rows };
  if (!met) out.note = found > 0 ? `${found} of ${min ?? 1} found` : missing;
  return out;
}

/** "ppid; informasi publik / daftar informasi publik / …" — groups by ';', synonyms by '/'. */
export function listSummary(list: ReadonlyArray<string | readonly string[]>, max = 4, synonyms = 3): string {
  const labels = list.map((e) => {
    if (typeof e === 'string') return e;
    return e.length <= synonyms ? e.join(' / ') : `${e.slice(0, synonyms).join(' / ')} / …`;
  });
  return labels.length <= max ? labels.join('; ') : `${labels.slice(0, max).join('; ')}; … (${labels.length} groups)`;
}

export function minSummary(min: number | undefined, partial: boolean | undefined): string {
  if (!min || min <= 1) return '';
  return ` (≥ ${min}${partial ? ', partial credit' : ''})`;
}
