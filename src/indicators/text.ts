// Keyword matching for Indonesian and English portal text. Researchers write keywords the way
// they read them ("SP4N-LAPOR!", "Pengaduan"); pages write them in any case, with accents,
// hyphens or as URL slugs ("/pengaduan-online"). Both sides are cut into normalised word tokens,
// so a keyword matches whole words only: "lapor" finds "LAPOR!" and "lapor.go.id" but not
// "laporan", and "admin" does not veto "administrasi".

export interface Token {
  /** Normalised word: lower case, accents removed. */
  n: string;
  start: number;
  end: number;
}

/** A keyword as a sequence of normalised words; a trailing `*` makes the last word a prefix. */
export interface Keyword {
  raw: string;
  words: string[];
  prefix: boolean;
}

/** Keywords that mean the same thing; a detector counts groups, not spellings. */
export interface KeywordGroup {
  label: string;
  keywords: Keyword[];
}

const WORD = /[\p{L}\p{N}]+/gu;

const NON_ASCII = /[^\x00-\x7f]/;

export function normaliseWord(word: string): string {
  // Most words of an Indonesian portal are plain ASCII, which has no accents to take off.
  if (!NON_ASCII.test(word)) return word.toLowerCase();
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokenise(text: string): Token[] {
  const out: Token[] = [];
  // A text without a non-ASCII character has none in any of its words either.
  const ascii = !NON_ASCII.test(text);
  for (const m of text.matchAll(WORD)) {
    out.push({ n: ascii ? m[0].toLowerCase() : normaliseWord(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function compileKeyword(raw: string): Keyword {
  const prefix = raw.trim().endsWith('*');
  const words = tokenise(prefix ? raw.trim().slice(0, -1) : raw).map((t) => t.n);
  return { raw, words, prefix };
}

/** YAML lists keywords as strings or as lists of synonyms; each entry becomes one group. */
export function compileGroups(entries: ReadonlyArray<string | readonly string[]>): KeywordGroup[] {
  return entries.map((entry) => {
    const list = typeof entry === 'string' ? [entry] : [...entry];
    return { label: list[0] ?? '', keywords: list.map(compileKeyword).filter((k) => k.words.length > 0) };
  });
}

const compiled = new WeakMap<object, KeywordSet>();

/**
 * A detector's compiled keyword list: its groups, and a quick test that rules out most texts
 * before they are tokenised. A keyword can only match a text that contains its first word as a
 * substring; that holds for plain ASCII text once it is lower-cased, and any other text (accents,
 * other scripts) always goes on to the full match.
 */
export class KeywordSet {
  readonly groups: KeywordGroup[];
  private readonly re?: RegExp;

  /** The compiled set for a rubric's keyword list: compiled once, whichever city is judged. */
  static of(entries: ReadonlyArray<string | readonly string[]> | undefined): KeywordSet {
    if (!entries) return EMPTY_SET;
    let set = compiled.get(entries);
    if (!set) {
      set = new KeywordSet(entries);
      compiled.set(entries, set);
    }
    return set;
  }

  constructor(entries: ReadonlyArray<string | readonly string[]>) {
    this.groups = compileGroups(entries);
    const firsts = new Set<string>();
    for (const g of this.groups) for (const k of g.keywords) if (k.words[0]) firsts.add(k.words[0]);
    // A keyword whose first word is not ASCII could only match non-ASCII text, which always passes.
    const ascii = [...firsts].filter((w) => !NON_ASCII.test(w));
    if (ascii.length === firsts.size && ascii.length > 0) {
      this.re = new RegExp(ascii.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
    }
  }

  get empty(): boolean {
    return this.groups.length === 0;
  }

  /** False only when no keyword can match the text (the quick test; true may still find nothing). */
  mayMatch(text: string): boolean {
    return this.passes(new TextIndex(text));
  }

  private passes(idx: TextIndex): boolean {
    return !this.re || !idx.ascii || this.re.test(idx.lower);
  }

  /**
   * Where this set's keywords occur in the text: per group, the span of each of its keywords
   * found (in the group's order); null when none occurs. IndexCache.matches keeps the answer.
   */
  search(idx: TextIndex): GroupSpans | null {
    if (!this.passes(idx)) return null;
    const spans = this.groups.map((g) => {
      const out: Span[] = [];
      for (const k of g.keywords) {
        const span = idx.find(k);
        if (span) out.push(span);
      }
      return out;
    });
    return spans.some((g) => g.length > 0) ? spans : null;
  }

  /** True when a keyword of any group occurs in the text, as whole words. */
  anyIn(text: string, cache: IndexCache): boolean {
    return !this.empty && cache.matches(this, text) !== null;
  }
}

export interface Span {
  start: number;
  end: number;
}

/** Per group of a KeywordSet, the spans of its keywords found in a text. */
export type GroupSpans = ReadonlyArray<readonly Span[]>;

const EMPTY_SET = new KeywordSet([]);

/** Bits per word of TextIndex.none: small integers stay unboxed. */
const BITS = 30;

/**
 * Token index of one text, so that many keywords can be looked up without rescanning it. Built
 * lazily: most texts are ruled out by every keyword set's quick test and never tokenised.
 */
export class TextIndex {
  /** Bits by the cache's slot of a KeywordSet: the set was searched here and has no match. */
  none?: number[];
  /** The sets (by slot) that do match, with their spans: few, as most texts match nothing. */
  hits?: Map<number, GroupSpans>;
  private _lower?: string;
  private _ascii?: boolean;
  private _tokens?: Token[];
  private _byWord?: Map<string, number[]>;

  constructor(readonly text: string) {}

  get lower(): string {
    return (this._lower ??= this.text.toLowerCase());
  }

  get ascii(): boolean {
    return (this._ascii ??= !NON_ASCII.test(this.text));
  }

  get tokens(): Token[] {
    if (!this._tokens) this.build();
    return this._tokens!;
  }

  private get byWord(): Map<string, number[]> {
    if (!this._byWord) this.build();
    return this._byWord!;
  }

  private build(): void {
    const tokens = tokenise(this.text);
    const byWord = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      const list = byWord.get(t.n);
      if (list) list.push(i);
      else byWord.set(t.n, [i]);
    });
    this._tokens = tokens;
    this._byWord = byWord;
  }

  /** Character span of the first occurrence of the keyword, or undefined. */
  find(kw: Keyword): Span | undefined {
    return this.spans(kw, true)[0];
  }

  /** Every occurrence of the keyword, in text order: when the first one does not count. */
  findAll(kw: Keyword): Span[] {
    return this.spans(kw, false);
  }

  private spans(kw: Keyword, firstOnly: boolean): Span[] {
    const out: Span[] = [];
    const first = kw.words[0];
    if (first === undefined) return out;
    const last = kw.words.length - 1;
    const starts =
      kw.prefix && last === 0
        ? this.prefixPositions(first)
        : (this.byWord.get(first) ?? []);
    const tokens = this.tokens;
    for (const i of starts) {
      if (i + last >= tokens.length) continue;
      let ok = true;
      for (let k = 1; k <= last; k++) {
        const tok = tokens[i + k]!.n;
        const want = kw.words[k]!;
        if (kw.prefix && k === last ? !tok.startsWith(want) : tok !== want) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.push({ start: tokens[i]!.start, end: tokens[i + last]!.end });
        if (firstOnly) break;
      }
    }
    return out;
  }

  has(kw: Keyword): boolean {
    return this.find(kw) !== undefined;
  }

  private prefixPositions(prefix: string): number[] {
    const out: number[] = [];
    for (const [word, positions] of this.byWord) if (word.startsWith(prefix)) out.push(...positions);
    return out.sort((a, b) => a - b);
  }
}

/**
 * Caches indexes per string: a city's pages are matched by dozens of indicators. Short strings
 * (menu labels, link texts, titles) repeat on every page and are kept for the city, up to a bound;
 * a page's long text is indexed once for all indicators and let go when the next page comes.
 */
export class IndexCache {
  /**
   * Short strings in two generations: when the young one is full it becomes the old one and the
   * previous old one is dropped, and a string found in the old one moves back to the young. So
   * what every page repeats (the menu) stays, and one-off strings (an article's links) go.
   */
  private young = new Map<string, TextIndex>();
  private old = new Map<string, TextIndex>();
  private readonly page = new Map<string, TextIndex>();
  /** A small number per KeywordSet used with this cache, for the per-text answers. */
  private readonly slots = new Map<KeywordSet, number>();

  constructor(private readonly maxShared = 20_000, private readonly longText = 400) {}

  get(text: string): TextIndex {
    if (text.length > this.longText) {
      let idx = this.page.get(text);
      if (!idx) this.page.set(text, (idx = new TextIndex(text)));
      return idx;
    }
    let idx = this.young.get(text);
    if (idx) return idx;
    idx = this.old.get(text) ?? new TextIndex(text);
    if (this.young.size >= this.maxShared / 2) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(text, idx);
    return idx;
  }

  /**
   * A KeywordSet's matches in the text (see KeywordSet.search), kept with the text's index: a
   * menu label meets the same sets on every page and is searched once per city.
   */
  matches(set: KeywordSet, text: string): GroupSpans | null {
    const idx = this.get(text);
    let slot = this.slots.get(set);
    if (slot === undefined) this.slots.set(set, (slot = this.slots.size));
    const word = (slot / BITS) | 0;
    const bit = 1 << slot % BITS;
    if (idx.none && ((idx.none[word] ?? 0) & bit) !== 0) return null;
    const hit = idx.hits?.get(slot);
    if (hit) return hit;
    const found = set.search(idx);
    if (found) (idx.hits ??= new Map()).set(slot, found);
    else {
      idx.none ??= [];
      while (idx.none.length <= word) idx.none.push(0);
      idx.none[word]! |= bit;
    }
    return found;
  }

  /** The pass moves on to another page: its long texts will not be asked for again. */
  nextPage(): void {
    this.page.clear();
  }
}

export const EVIDENCE_MAX = 160;

export function clip(text: string, max = EVIDENCE_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** A window of the original text around a match, for evidence that a reader recognises. */
export function snippet(text: string, span: { start: number; end: number }, max = EVIDENCE_MAX): string {
  const room = Math.max(0, max - (span.end - span.start));
  let from = Math.max(0, span.start - Math.floor(room / 2));
  const to = Math.min(text.length, from + (span.end - span.start) + room);
  from = Math.max(0, Math.min(from, to - max));
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return clip(`${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}`, max);
}

/** The parts of a URL the detectors read. */
export interface UrlParts {
  /** Host name, lower case ('' when the URL does not parse). */
  host: string;
  /** Path as written (percent-encoded). */
  pathname: string;
  /** Host, path and query, decoded, as words to match: slugs name pages ("/pengaduan-online"). */
  words: string;
}

const urlPartsCache = new Map<string, UrlParts>();

/**
 * Memoised: a menu link appears on every page and is read by every keyword, platform and channel
 * indicator, so the same URL would otherwise be parsed thousands of times.
 */
export function urlParts(href: string): UrlParts {
  let parts = urlPartsCache.get(href);
  if (parts === undefined) {
    if (urlPartsCache.size >= 20_000) urlPartsCache.clear();
    parts = parseUrl(href);
    urlPartsCache.set(href, parts);
  }
  return parts;
}

/** Host and decoded path of a URL, as words to match (the text itself when it is no URL). */
export function urlWords(href: string): string {
  return urlParts(href).words;
}

function parseUrl(href: string): UrlParts {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return { host: '', pathname: '', words: href };
  }
  let path = u.pathname + u.search;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  return { host: u.hostname.toLowerCase(), pathname: u.pathname, words: `${u.hostname} ${path}` };
}
