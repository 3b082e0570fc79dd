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
  for (const m of text.matchAll(WORD)) {
    out.push({ n: normaliseWord(m[0]), start: m.index, end: m.index + m[0].length });
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

/**
 * A detector's compiled keyword list: its groups, and a quick test that rules out most texts
 * before they are tokenised. A keyword can only match a text that contains its first word as a
 * substring; that holds for plain ASCII text once it is lower-cased, and any other text (accents,
 * other scripts) always goes on to the full match.
 */
export class KeywordSet {
  readonly groups: KeywordGroup[];
  private readonly re?: RegExp;

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

  /** False only when no keyword can match the text. */
  mayMatch(text: string): boolean {
    if (!this.re) return true;
    const lower = text.toLowerCase();
    return NON_ASCII.test(lower) || this.re.test(lower);
  }

  /** True when a keyword of any group occurs in the text, as whole words. */
  anyIn(text: string, cache: IndexCache): boolean {
    if (this.empty || !this.mayMatch(text)) return false;
    const idx = cache.get(text);
    return this.groups.some((g) => g.keywords.some((k) => idx.has(k)));
  }
}

/** Token index of one text, so that many keywords can be looked up without rescanning it. */
export class TextIndex {
  readonly tokens: Token[];
  private readonly byWord = new Map<string, number[]>();

  constructor(readonly text: string) {
    this.tokens = tokenise(text);
    this.tokens.forEach((t, i) => {
      const list = this.byWord.get(t.n);
      if (list) list.push(i);
      else this.byWord.set(t.n, [i]);
    });
  }

  /** Character span of the first occurrence of the keyword, or undefined. */
  find(kw: Keyword): { start: number; end: number } | undefined {
    const first = kw.words[0];
    if (first === undefined) return undefined;
    const last = kw.words.length - 1;
    const starts =
      kw.prefix && last === 0
        ? this.prefixPositions(first)
        : (this.byWord.get(first) ?? []);
    for (const i of starts) {
      if (i + last >= this.tokens.length) continue;
      let ok = true;
      for (let k = 1; k <= last; k++) {
        const tok = this.tokens[i + k]!.n;
        const want = kw.words[k]!;
        if (kw.prefix && k === last ? !tok.startsWith(want) : tok !== want) {
          ok = false;
          break;
        }
      }
      if (ok) return { start: this.tokens[i]!.start, end: this.tokens[i + last]!.end };
    }
    return undefined;
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
  private readonly shared = new Map<string, TextIndex>();
  private readonly page = new Map<string, TextIndex>();

  constructor(private readonly maxShared = 50_000, private readonly longText = 400) {}

  get(text: string): TextIndex {
    const cache = text.length > this.longText ? this.page : this.shared;
    let idx = cache.get(text);
    if (!idx) {
      idx = new TextIndex(text);
      if (cache === this.shared && cache.size >= this.maxShared) cache.clear();
      cache.set(text, idx);
    }
    return idx;
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

/** URLs as words: host, path and query, decoded, so that slugs match keywords. */
const urlWordsCache = new Map<string, string>();

/**
 * Host and decoded path of a URL, as words to match. Memoised: a menu link appears on every page
 * and is read by every keyword indicator, so the same URL would otherwise be parsed thousands of times.
 */
export function urlWords(href: string): string {
  let words = urlWordsCache.get(href);
  if (words === undefined) {
    if (urlWordsCache.size >= 100_000) urlWordsCache.clear();
    words = parseUrlWords(href);
    urlWordsCache.set(href, words);
  }
  return words;
}

function parseUrlWords(href: string): string {
  try {
    const u = new URL(href);
    let path = u.pathname + u.search;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path
    }
    return `${u.hostname} ${path}`;
  } catch {
    return href;
  }
}
