import type { HeadingFact, ImageStats } from './types.ts';
import { collapse, cut } from './dom.ts';
import type { PageScan } from './scan.ts';

export const DEFAULT_MAX_TEXT = 4000;

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
    text: cut(fullText, Math.max(0, maxText)),
    textLength: fullText.length,
    headings: scan.headings.map((h) => ({ level: h.level, text: h.text })),
    images: { total: scan.images.total, withoutAlt: scan.images.withoutAlt },
  };
}
