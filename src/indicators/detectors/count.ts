// How many distinct things of a sort the portal offers: a list of twenty services is a catalogue,
// a single "Layanan" menu entry is not.
import { z } from 'zod';
import type { LinkFact } from '../../gather/types.ts';
import { agencyNamesField, readingRules, readingSummary, sensesField } from '../names.ts';
import { KeywordSet, urlWords } from '../text.ts';
import type { DetectorKind, FactPage } from '../types.ts';
import { EvidenceList, keywordList, listSummary, outcome } from './common.ts';
import { acceptedSpan, LINK_KINDS, type Item } from './keywords.ts';

const schema = z.strictObject({
  kind: z.literal('count'),
  of: z.enum(['links', 'documents', 'pages', 'forms']),
  /** Keywords in the item's text or URL; every item counts when left out. */
  any: keywordList.optional(),
  exclude: keywordList.optional(),
  link_kinds: z.array(z.enum(LINK_KINDS)).min(1).optional(),
  min: z.number().int().positive(),
  partial: z.boolean().optional(),
  /** `credit` counts a keyword inside an organisation's name ("Dinas Perizinan"); skipped by default. */
  agency_names: agencyNamesField,
  senses: sensesField,
});
export type CountConfig = z.infer<typeof schema>;

export const count: DetectorKind<CountConfig> = {
  kind: 'count',
  schema,
  start(c, ctx) {
    const any = KeywordSet.of(c.any);
    const exclude = KeywordSet.of(c.exclude);
    const seen = new Set<string>();
    const ev = new EvidenceList();
    const rules = readingRules(c);
    const none = KeywordSet.of(undefined);
    /** A keyword of `any` that counts in the item: not only inside an agency's name, in its sense. */
    const about = (p: FactPage, hay: string, link?: LinkFact): boolean => {
      const hits = ctx.text.matches(any, hay);
      if (!hits) return false;
      const item: Item = link ? { page: p, target: 'link_text', hay, link: { ...link, text: hay } } : { page: p, target: 'title', hay };
      return hits.some((spans, gi) => spans.length > 0 && acceptedSpan(ctx, item, any.groups[gi]!, spans, none, rules) !== undefined);
    };
    const consider = (key: string, hay: string, p: FactPage, shown: string, link?: LinkFact) => {
      const pageUrl = p.url;
      if (seen.has(key)) return;
      if (!any.empty && !about(p, hay, link)) return;
      if (exclude.anyIn(hay, ctx.text)) return;
      seen.add(key);
      ev.add(pageUrl, shown);
    };
    const page = (p: FactPage) => {
      if (c.of === 'pages') consider(p.url, `${p.facts.meta.title} ${urlWords(p.url)}`, p, `page: ${p.facts.meta.title || p.url}`);
      if (c.of === 'links') {
        for (const l of p.facts.links) {
          if (l.hidden || (c.link_kinds && !c.link_kinds.includes(l.kind))) continue;
          // A service is one name: menus often point every entry at one placeholder ("direct",
          // "#"), and the same entry on every page is still one service.
          const name = l.text.toLowerCase().replace(/\s+/g, ' ').trim();
          consider(name ? `text:${name}` : l.href, `${l.text} ${urlWords(l.href)}`, p, `"${l.text}" → ${l.href}`, l);
        }
      }
      if (c.of === 'documents') for (const d of p.facts.documents) consider(d.url, `${d.text} ${urlWords(d.url)}`, p, `${d.text} → ${d.url}`);
      if (c.of === 'forms') {
        for (const f of p.facts.forms) consider(`${f.action}|${f.fields.map((x) => x.name).join(',')}`, f.text, p, `form: ${f.text}`);
      }
    };
    const finish = () => {
      const o = outcome(seen.size, c.min, c.partial, ev, `no ${c.of}${c.any ? ` about ${listSummary(c.any)}` : ''}`);
      if (o.met === false) o.note = `${seen.size} of ${c.min} ${c.of}`;
      return o;
    };
    return { page, finish };
  },
  summary: (c) => `≥ ${c.min} ${c.of}${c.any ? ` about ${listSummary(c.any)}` : ''}${c.partial ? ' (partial credit)' : ''}${readingSummary(c)}`,
};
