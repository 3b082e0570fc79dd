// Reading a keyword the way a researcher coding a portal by hand reads it. A menu entry "Dinas
// Pariwisata" names an office, not a tourism offer; "Badan Pengelola Pajak dan Retribusi Daerah"
// names an office, not a page on local taxes; "IKM" is a satisfaction index on one page and small
// industry on another. These tests run on a match a keyword set already found.
import { z } from 'zod';
import { keywordList } from './detectors/common.ts';
import { KeywordSet, normaliseWord, type IndexCache, type Span, type TextIndex } from './text.ts';

/**
 * Words that open the name of a government organisation. What follows them, up to the end of the
 * name, is the organisation's remit ("Dinas Penanaman Modal dan PTSP"), not something it offers.
 */
export const AGENCY_WORDS: ReadonlySet<string> = new Set([
  'dinas', 'badan', 'kantor', 'bagian', 'subbagian', 'subbag', 'bidang', 'seksi', 'upt', 'uptd', 'sekretariat',
  'inspektorat', 'kecamatan', 'kelurahan', 'biro', 'satuan', 'lembaga', 'unit',
]);

/** Words a name joins its parts with ("Dinas Koperasi, Usaha Kecil dan Menengah"). */
const CONNECTORS: ReadonlySet<string> = new Set(['dan', 'serta', 'and', 'of', 'kota', 'kabupaten', 'provinsi', 'daerah']);

/** How far back from the keyword an agency word is looked for, in words. */
const NAME_REACH = 7;
/** In text without capitals (URL slugs, lower-case menus) a name is taken to be short. */
const LOWER_REACH = 3;

/** Between two words of one name: spaces, a comma or '&'; a slug's single '-' or '_'. */
const IN_NAME_GAP = /^(?:[\s,&]*|[-_])$/;
const UPPER_START = /^\p{Lu}/u;
const HAS_UPPER = /\p{Lu}/u;

function tokenAt(idx: TextIndex, start: number): number {
  const tokens = idx.tokens;
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = tokens[mid]!.start;
    if (s === start) return mid;
    if (s < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * True when the match is part of an organisation's name: an agency word stands before it, and the
 * words between belong to the same name (capitalised as names are, joined by spaces, commas, "dan").
 * "Dinas Pariwisata" and "Badan Pengelola Pajak dan Retribusi Daerah" are names; "badan usaha dapat
 * mengurus perizinan" and "Dinas Pariwisata: destinasi wisata" (after the colon) are not.
 */
export function inAgencyName(idx: TextIndex, span: Span): boolean {
  const tokens = idx.tokens;
  const i = tokenAt(idx, span.start);
  if (i <= 0) return false;
  const text = idx.text;
  for (let j = i - 1; j >= 0 && i - j <= NAME_REACH; j--) {
    if (!IN_NAME_GAP.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))) return false;
    if (!AGENCY_WORDS.has(tokens[j]!.n)) continue;
    const region = text.slice(tokens[j]!.start, span.end);
    if (!HAS_UPPER.test(region)) return i - j <= LOWER_REACH;
    for (let k = j; k < i; k++) {
      const t = tokens[k]!;
      if (CONNECTORS.has(t.n)) continue;
      if (!UPPER_START.test(text.slice(t.start, t.end))) return false;
    }
    return true;
  }
  return false;
}

/**
 * Senses of an ambiguous keyword: it counts only with one of `with` nearby (when given) and none
 * of `not_with`. The key is the keyword as the rubric writes it ("ikm", "pbb").
 */
export const sensesField = z
  .record(z.string().min(1), z.strictObject({ with: keywordList.optional(), not_with: keywordList.optional() }))
  .optional();
export type Senses = z.infer<typeof sensesField>;

interface CompiledSense {
  with: KeywordSet;
  notWith: KeywordSet;
}

const compiledSenses = new WeakMap<object, Map<string, CompiledSense>>();

function compileSenses(senses: NonNullable<Senses>): Map<string, CompiledSense> {
  let map = compiledSenses.get(senses);
  if (!map) {
    map = new Map();
    for (const [key, s] of Object.entries(senses)) {
      const norm = key.split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(normaliseWord).join(' ');
      map.set(norm, { with: KeywordSet.of(s.with), notWith: KeywordSet.of(s.not_with) });
    }
    compiledSenses.set(senses, map);
  }
  return map;
}

/** The matched words as one normalised string ("IKM" → "ikm", "P.B.B" → "p b b"). */
function matchedWords(text: string, span: Span): string {
  return text.slice(span.start, span.end).split(/[^\p{L}\p{N}]+/u).filter(Boolean).map(normaliseWord).join(' ');
}

/** True when the match is not an ambiguous keyword, or its context settles the sense the rubric means. */
export function senseFits(senses: Senses, hay: string, span: Span, context: string, cache: IndexCache): boolean {
  if (!senses) return true;
  const sense = compileSenses(senses).get(matchedWords(hay, span));
  if (!sense) return true;
  if (sense.notWith.anyIn(context, cache)) return false;
  return sense.with.empty || sense.with.anyIn(context, cache);
}

/** What decides whether a match counts, beyond the keyword itself. */
export interface ReadingRules {
  /** Credit keywords inside organisation names (t_gov_information is about exactly those). */
  agencyNames: boolean;
  senses: Senses;
}

export const agencyNamesField = z.enum(['skip', 'credit']).optional();

export function readingRules(c: { agency_names?: 'skip' | 'credit' | undefined; senses?: Senses }): ReadingRules {
  return { agencyNames: c.agency_names === 'credit', senses: c.senses };
}

export function readingSummary(c: { agency_names?: 'skip' | 'credit' | undefined; senses?: Senses }): string {
  const parts: string[] = [];
  if (c.agency_names === 'credit') parts.push('also inside agency names');
  if (c.senses) parts.push(`${Object.keys(c.senses).join(', ')} by context`);
  return parts.length > 0 ? ` (${parts.join('; ')})` : '';
}
