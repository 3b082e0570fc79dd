import { load, type CheerioAPI } from 'cheerio';
import type { GatherContext, PageFacts } from './types.ts';
import type { DomNode } from './dom.ts';
import { scanDocument } from './scan.ts';
import { extractLinks, resolveBase } from './links.ts';
import { extractForms } from './forms.ts';
import { extractMeta } from './meta.ts';
import { extractText } from './text.ts';
import { collectPageDates } from './page-dates.ts';
import { compactFacts } from './compact.ts';
import { boundNesting, MAX_NESTING } from './nesting.ts';
import type { PageCut } from './types.ts';

/**
 * htmlparser2 in HTML mode: 3–5× faster than parse5 and the same facts on every fixture page and
 * example portal. It differs from a browser only on broken markup (an `<a>` left open before the
 * next `<a>` keeps the following text in its link text; stray elements in `<head>` are not moved
 * into `<body>`), which changes link texts at most, never the set of links.
 */
const PARSE_OPTIONS = { xml: { xmlMode: false, decodeEntities: true } } as const;

/**
 * Characters of HTML that are parsed at most. Portal pages are 20–300 kB; a page of megabytes of
 * repeated markup would otherwise become a tree of hundreds of thousands of nodes (~30 bytes of
 * memory per byte of HTML), several of them at once under concurrency.
 */
export const MAX_PARSE_CHARS = 2 * 1024 * 1024;

/** Parses the HTML once and reads every fact from that one tree. */
export function gatherPage(html: string, ctx: GatherContext): PageFacts {
  const capped = html.length > MAX_PARSE_CHARS ? html.slice(0, MAX_PARSE_CHARS) : html;
  const bounded = boundNesting(capped);
  const cut: PageCut = {};
  if (bounded.html.length < html.length) {
    cut.htmlRead = bounded.html.length;
    cut.htmlLength = html.length;
    if (bounded.cutAt !== undefined) cut.nesting = MAX_NESTING;
  }
  return gatherFromDom(load(bounded.html, PARSE_OPTIONS), ctx, cut);
}

/** For callers that already hold the parsed page (the crawler parses each page once). */
export function gatherFromDom($: CheerioAPI, ctx: GatherContext, cut: PageCut = {}): PageFacts {
  const root = $.root()[0] as unknown as DomNode;
  const scan = scanDocument(root);
  const base = resolveBase(scan.baseHref, ctx.url);
  const { links, documents } = extractLinks(scan.anchors, base, ctx);
  const text = extractText(scan, ctx.maxText);
  const { dates, newestDate } = collectPageDates(scan, text.fullText, ctx.url, ctx.now);
  const facts: PageFacts = {
    meta: extractMeta(scan, base),
    headings: text.headings,
    links,
    forms: extractForms(scan, base, ctx.url),
    documents,
    dates,
    textLength: text.textLength,
    text: text.text,
    images: text.images,
    flags: [],
  };
  if (newestDate !== undefined) facts.newestDate = newestDate;
  if (text.text.length < text.textLength) cut.textKept = text.text.length;
  if (scan.headings.length < scan.headingCount) {
    cut.headingsKept = scan.headings.length;
    cut.headingCount = scan.headingCount;
  }
  if (Object.keys(cut).length > 0) facts.cut = cut;
  // The facts outlive the page's tree and HTML: keep neither alive through sliced strings.
  return ctx.compact === false ? facts : compactFacts(facts);
}
