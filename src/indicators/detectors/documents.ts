// Published documents by kind and year. UU 14/2008 makes budget and accountability reports
// information that must be published periodically; a 2016 APBD on a 2026 portal shows that the
// duty stopped being met, so `max_age_years` counts only the current and recent years.
import { z } from 'zod';
import { KeywordSet, urlWords } from '../text.ts';
import { MAX_EVIDENCE, type DetectorKind, type FactPage } from '../types.ts';
import { EvidenceList, keywordList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';

const DOC_TYPES = ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'csv', 'zip', 'rar', 'ppt', 'pptx', 'odt', 'ods'] as const;

const schema = z.strictObject({
  kind: z.literal('documents'),
  /** Kinds of document by keyword; every document counts (as one kind) when left out. */
  any: keywordList.optional(),
  exclude: keywordList.optional(),
  /** Only documents whose year is within this many years before `now` (0 = this year only). */
  max_age_years: z.number().int().min(0).optional(),
  types: z.array(z.enum(DOC_TYPES)).min(1).optional(),
  min: minField,
  partial: partialField,
});
export type DocumentsConfig = z.infer<typeof schema>;

export const documents: DetectorKind<DocumentsConfig> = {
  kind: 'documents',
  schema,
  start(c, ctx) {
    const any = KeywordSet.of(c.any);
    // Without `any`, every document counts as one kind.
    const groups = c.any ? any.groups : [{ label: 'document', keywords: [] }];
    const exclude = KeywordSet.of(c.exclude);
    const year = ctx.now.getUTCFullYear();
    const found = new Set<number>();
    const ev = new EvidenceList();
    const page = (p: FactPage) => {
      for (const d of p.facts.documents) {
        if (c.types && !c.types.includes(d.type)) continue;
        if (c.max_age_years !== undefined) {
          // A multi-year plan ("RPJMD 2021-2026") names its first year; the document's own year
          // must not be in the future either.
          if (d.year === undefined || d.year > year + 1 || d.year < year - c.max_age_years) continue;
        }
        const hay = `${d.text} ${urlWords(d.url)}`;
        const hits = c.any ? ctx.text.matches(any, hay) : null;
        if (c.any && !hits) continue;
        if (exclude.anyIn(hay, ctx.text)) continue;
        groups.forEach((g, gi) => {
          if (found.has(gi) || (hits && hits[gi]!.length === 0)) return;
          found.add(gi);
          ev.add(p.url, `${d.text || d.url}${d.year ? ` (${d.year})` : ''} → ${d.url}`);
        });
      }
    };
    const when = c.max_age_years === undefined ? '' : ` from ${year - c.max_age_years} or later`;
    return {
      page,
      get settled() {
        return found.size === groups.length && ev.rows.length >= MAX_EVIDENCE;
      },
      finish: () => outcome(found.size, c.min, c.partial, ev, `no document${c.any ? `: ${listSummary(c.any)}` : ''}${when}`),
    };
  },
  summary: (c) =>
    `documents${c.any ? `: ${listSummary(c.any)}` : ' (any)'}${c.max_age_years !== undefined ? `, year ≥ now − ${c.max_age_years}` : ''}${minSummary(c.min, c.partial)}`,
};
