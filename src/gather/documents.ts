import type { DocumentFact, DocumentType } from './types.ts';

const FOUR_DIGITS = /(?<!\d)(\d{4})(?!\d)/g;
const MIN_DOCUMENT_YEAR = 1990;

/** First four-digit number in 1990..next year: "APBD 2024", "LKPJ_2023_final.pdf". */
export function yearIn(s: string, now: Date): number | undefined {
  const max = now.getUTCFullYear() + 1;
  for (const m of s.matchAll(FOUR_DIGITS)) {
    const year = Number(m[1]);
    if (year >= MIN_DOCUMENT_YEAR && year <= max) return year;
  }
  return undefined;
}

/** The file name a document URL names: the download attribute, else the last path segment. */
export function fileNameOf(url: URL, downloadName?: string): string {
  if (downloadName?.trim()) return downloadName.trim();
  const segment = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The year is read from the link text first: file names carry upload dates and serial numbers. */
export function documentFact(url: URL, text: string, type: DocumentType, now: Date, downloadName?: string): DocumentFact {
  const fact: DocumentFact = { url: url.href, text, type };
  const year = yearIn(text, now) ?? yearIn(fileNameOf(url, downloadName), now) ?? queryYear(url, now);
  if (year !== undefined) fact.year = year;
  return fact;
}

function queryYear(url: URL, now: Date): number | undefined {
  for (const value of url.searchParams.values()) {
    const year = yearIn(value, now);
    if (year !== undefined) return year;
  }
  return undefined;
}
