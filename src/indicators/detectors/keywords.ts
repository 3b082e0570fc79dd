// Keywords in what a visitor reads or clicks. The workhorse of the rubric: menu labels, link texts,
// slugs, titles and headings are where an Indonesian portal names its PPID, its complaint channel
// or its budget. `exclude` words veto the item they appear in, so "Login Admin" or a SIMPEG link for
// staff never counts as a citizen service.
import { z } from 'zod';
import type { FormFact, HeadingFact, LinkFact, LinkKind } from '../../gather/types.ts';
import { inAgencyName, readingRules, readingSummary, senseFits, agencyNamesField, sensesField, type ReadingRules } from '../names.ts';
import { KeywordSet, snippet, urlWords, type KeywordGroup, type Span } from '../text.ts';
import type { DetectorContext, DetectorKind, FactPage } from '../types.ts';
import { EvidenceList, keywordList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';

export const KEYWORD_TARGETS = ['link_text', 'link_url', 'title', 'headings', 'text', 'page_url', 'form_text'] as const;
export type KeywordTarget = (typeof KEYWORD_TARGETS)[number];
export const LINK_KINDS = ['internal', 'external', 'document', 'social', 'mailto', 'tel', 'whatsapp'] as const;

const schema = z.strictObject({
  kind: z.literal('keywords'),
  in: z.array(z.enum(KEYWORD_TARGETS)).min(1),
  any: keywordList,
  exclude: keywordList.optional(),
  link_kinds: z.array(z.enum(LINK_KINDS)).min(1).optional(),
  min: minField,
  partial: partialField,
  /** `credit` counts a keyword inside an organisation's name ("Dinas Pariwisata"); skipped by default. */
  agency_names: agencyNamesField,
  /** Ambiguous keywords and the words that settle their sense. */
  senses: sensesField,
  /**
   * In page text (`text`), groups count only when found within this many characters of another
   * group: a standard's parts are written together, not scattered across a page of prose.
   */
  near: z.number().int().positive().optional(),
});
export type KeywordsConfig = z.infer<typeof schema>;

/** One thing on a page that keywords are matched against: plain data, no closures (hot path). */
export interface Item {
  page: FactPage;
  target: KeywordTarget;
  /** Text the keywords are looked for in. */
  hay: string;
  link?: LinkFact;
  heading?: HeadingFact;
  form?: FormFact;
}

/** Calls `visit` for every item of the page the targets name; stops when it returns true. */
export function visitItems(page: FactPage, targets: readonly KeywordTarget[], linkKinds: readonly LinkKind[] | undefined, visit: (item: Item) => boolean): void {
  const f = page.facts;
  for (const target of targets) {
    switch (target) {
      case 'link_text':
      case 'link_url':
        for (const link of f.links) {
          if (link.hidden || (linkKinds && !linkKinds.includes(link.kind))) continue;
          if (visit({ page, target, hay: target === 'link_text' ? link.text : urlWords(link.href), link })) return;
        }
        break;
      case 'title':
        if (visit({ page, target, hay: f.meta.title })) return;
        break;
      case 'headings':
        for (const heading of f.headings) if (visit({ page, target, hay: heading.text, heading })) return;
        break;
      case 'text':
        if (visit({ page, target, hay: f.text })) return;
        break;
      case 'page_url':
        if (visit({ page, target, hay: urlWords(page.url) })) return;
        break;
      case 'form_text':
        for (const form of f.forms) if (visit({ page, target, hay: formWords(form), form })) return;
        break;
    }
  }
}

/** Text the exclude words are looked for in; undefined for free text (the window around the match). */
function vetoText(item: Item): string | undefined {
  switch (item.target) {
    case 'link_text':
    case 'link_url':
      return `${item.link!.text} ${urlWords(item.link!.href)}`;
    case 'form_text':
      return `${item.hay} ${urlWords(item.form!.action)}`;
    case 'text':
      return undefined;
    default:
      return item.hay;
  }
}

/** Evidence text for a match in the item at the given span. */
function showText(item: Item, span: { start: number; end: number }): string {
  switch (item.target) {
    case 'link_text':
    case 'link_url':
      return `"${item.link!.text}" → ${item.link!.href}`;
    case 'title':
      return `title: ${item.hay}`;
    case 'headings':
      return `h${item.heading!.level}: ${item.hay}`;
    case 'text':
      return snippet(item.hay, span);
    case 'page_url':
      return `page ${item.page.url}`;
    case 'form_text':
      return `form: ${item.hay}`;
  }
}

export function formWords(form: { text: string; fields: Array<{ name: string; label?: string }> }): string {
  return [form.text, ...form.fields.map((x) => `${x.label ?? ''} ${x.name.replace(/[_\-[\]]+/g, ' ')}`)].join(' ').replace(/\s+/g, ' ').trim();
}

/** True when an exclude word occurs in the item (or, for free text, near the match). */
export function vetoed(ctx: DetectorContext, item: Item, span: { start: number; end: number }, exclude: KeywordSet): boolean {
  if (exclude.empty) return false;
  return exclude.anyIn(vetoText(item) ?? window(item.hay, span), ctx.text);
}

function window(hay: string, span: Span, reach = 60): string {
  return hay.slice(Math.max(0, span.start - reach), span.end + reach);
}

const PLAIN: ReadingRules = { agencyNames: true, senses: undefined };

/** True when the match counts: not vetoed, not part of an agency's name, in the sense the rubric means. */
function accepted(ctx: DetectorContext, item: Item, span: Span, exclude: KeywordSet, rules: ReadingRules): boolean {
  if (vetoed(ctx, item, span, exclude)) return false;
  if (!rules.agencyNames && inAgencyName(ctx.text.get(item.hay), span)) return false;
  return senseFits(rules.senses, item.hay, span, vetoText(item) ?? window(item.hay, span, 80), ctx.text);
}

/**
 * The first span of the group that counts. The cached search keeps each keyword's first
 * occurrence only; when none of those counts ("Dinas Pariwisata" in the menu), the later
 * occurrences are looked at ("objek wisata" further down).
 */
export function acceptedSpan(
  ctx: DetectorContext,
  item: Item,
  group: KeywordGroup,
  first: readonly Span[],
  exclude: KeywordSet,
  rules: ReadingRules = PLAIN,
): Span | undefined {
  for (const span of first) if (accepted(ctx, item, span, exclude, rules)) return span;
  if (first.length === 0 || (rules.agencyNames && !rules.senses)) return undefined;
  const idx = ctx.text.get(item.hay);
  for (const k of group.keywords) {
    for (const span of idx.findAll(k).slice(1)) if (accepted(ctx, item, span, exclude, rules)) return span;
  }
  return undefined;
}

/** Every span of every group that counts, in one text: for the `near` test. */
function allAccepted(ctx: DetectorContext, item: Item, any: KeywordSet, exclude: KeywordSet, rules: ReadingRules): { gi: number; span: Span }[] {
  const idx = ctx.text.get(item.hay);
  const out: { gi: number; span: Span }[] = [];
  any.groups.forEach((g, gi) => {
    for (const k of g.keywords) for (const span of idx.findAll(k)) if (accepted(ctx, item, span, exclude, rules)) out.push({ gi, span });
  });
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * The groups found close together in a text: the window of `near` characters holding the most
 * distinct groups, if it holds at least two. A lone word in prose earns nothing.
 */
function clustered(hits: { gi: number; span: Span }[], near: number): { gi: number; span: Span }[] {
  let best: { gi: number; span: Span }[] = [];
  let bestGroups = 1;
  for (let a = 0; a < hits.length; a++) {
    const inWindow: { gi: number; span: Span }[] = [];
    const groups = new Set<number>();
    for (let b = a; b < hits.length && hits[b]!.span.end - hits[a]!.span.start <= near; b++) {
      if (groups.has(hits[b]!.gi)) continue;
      groups.add(hits[b]!.gi);
      inWindow.push(hits[b]!);
    }
    if (groups.size > bestGroups) {
      bestGroups = groups.size;
      best = inWindow;
    }
  }
  return best;
}

/** Matches one item against the groups not found yet; true once every group is found. */
export function matchItem(
  ctx: DetectorContext,
  item: Item,
  any: KeywordSet,
  exclude: KeywordSet,
  ev: EvidenceList,
  found: Set<number>,
  rules: ReadingRules = PLAIN,
  near?: number,
): boolean {
  if (!item.hay) return false;
  const hits = ctx.text.matches(any, item.hay);
  if (!hits) return false;
  if (near !== undefined && item.target === 'text') {
    for (const { gi, span } of clustered(allAccepted(ctx, item, any, exclude, rules), near)) {
      if (found.has(gi)) continue;
      found.add(gi);
      ev.add(item.page.url, showText(item, span));
    }
    return found.size === hits.length;
  }
  for (let gi = 0; gi < hits.length; gi++) {
    if (found.has(gi) || hits[gi]!.length === 0) continue;
    const span = acceptedSpan(ctx, item, any.groups[gi]!, hits[gi]!, exclude, rules);
    if (!span) continue;
    found.add(gi);
    ev.add(item.page.url, showText(item, span));
  }
  return found.size === hits.length;
}

export const keywords: DetectorKind<KeywordsConfig> = {
  kind: 'keywords',
  schema,
  start(c, ctx) {
    const ev = new EvidenceList();
    const any = KeywordSet.of(c.any);
    const exclude = KeywordSet.of(c.exclude);
    const found = new Set<number>();
    const rules = readingRules(c);
    const visit = (item: Item) => matchItem(ctx, item, any, exclude, ev, found, rules, c.near);
    return {
      page: (p) => visitItems(p, c.in, c.link_kinds, visit),
      get settled() {
        return found.size === any.groups.length;
      },
      finish: () => outcome(found.size, c.min, c.partial, ev, `none of: ${listSummary(c.any)}`),
    };
  },
  summary: (c) =>
    `keywords in ${c.in.join('/')}: ${listSummary(c.any)}${minSummary(c.min, c.partial)}${c.exclude ? `; not with ${listSummary(c.exclude, 3)}` : ''}${readingSummary(c)}${c.near ? `; in text within ${c.near} characters of each other` : ''}`,
};
