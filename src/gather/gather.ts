import { load, type CheerioAPI } from 'cheerio';
import type { GatherContext, PageFacts } from './types.ts';
import type { DomNode } from './dom.ts';
import { scanDocument } from './scan.ts';
import { extractLinks, resolveBase } from './links.ts';
import { extractForms } from './forms.ts';
import { extractMeta } from './meta.ts';
import { extractText } from './text.ts';
import { collectPageDates } from './page-dates.ts';

/** Parses the HTML once and reads every fact from that one tree. */
export function gatherPage(html: string, ctx: GatherContext): PageFacts {
  return gatherFromDom(load(html), ctx);
}

/** For callers that already hold the parsed page (the crawler parses each page once). */
export function gatherFromDom($: CheerioAPI, ctx: GatherContext): PageFacts {
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
  return facts;
}
