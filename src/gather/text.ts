import type { HeadingFact, ImageStats } from './types.ts';
import { collapse, cut } from './dom.ts';
import type { PageScan } from './scan.ts';

/**
 * Characters of visible text kept in a page's facts. Indicators read the text (contacts, keywords),
 * so it must hold the whole page: saved real government pages have up to ~20 k characters (half
 * of them past the 4,000 once kept, a footer's contacts among what was lost), long regency front
 * pages with mega menus more. Only a page past this is cut, and then its end is kept too (see
 * keptText), with the cut recorded in `facts.cut`. Facts are journalled and read back one page
 * at a time, so the bound is per page, not per city.
 */
export const DEFAULT_MAX_TEXT = 200_000;

/** Of a cut text, this many characters of its end are kept: a footer's contacts are there. */
export const KEPT_TAIL = 20_000;

/** Between the kept start and end of a cut text. */
export const CUT_MARK = ' … ';

export interface TextFacts {
  /** Full visible text, uncut: the date finder reads all of it. */
  fullText: string;
  text: string;
  textLength: number;
  headings: HeadingFact[];
  images: ImageStats;
}

/**
 * Visible text is what the walk collected outside script, style, noscript, template, svg and head.
 * Text hidden by inline style is kept: later stages look for injected spam in it.
 */
export function extractText(scan: PageScan, maxText: number = DEFAULT_MAX_TEXT): TextFacts {
  const fullText = collapse(scan.textChunks.join(''));
  return {
    fullText,
    text: keptText(fullText, Math.max(0, maxText)),
    textLength: fullText.length,
    headings: scan.headings.map((h) => ({ level: h.level, text: h.text })),
    images: { total: scan.images.total, withoutAlt: scan.images.withoutAlt },
  };
}

/**
 * At most `max` characters of the text: all of it when it fits; else its start and, when `max`
 * leaves room for both, its last KEPT_TAIL characters (a long page's footer holds its e-mail,
 * phone and WhatsApp, which would otherwise be the first thing lost).
 */
export function keptText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < KEPT_TAIL * 2) return cut(text, max);
  const head = cut(text, max - KEPT_TAIL - CUT_MARK.length);
  let from = text.length - KEPT_TAIL;
  // Do not start the tail on the second half of a surrogate pair.
  const first = text.charCodeAt(from);
  if (first >= 0xdc00 && first <= 0xdfff) from += 1;
  return head + CUT_MARK + text.slice(from);
}
