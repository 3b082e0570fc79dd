// htmlparser2 keeps its open elements in an array it grows with `unshift`, so each element opened
// inside N others costs N: a page of 100,000 nested elements took 22 s to parse (and a browser-like
// parser would overflow the stack walking it later). No real page nests more than a few hundred
// elements deep, so the HTML is cut where its nesting first passes a bound, in one linear pass over
// its tags, before any parser sees it. The count is an estimate on the safe side: elements that
// the HTML rules close implicitly (p, li, td, ...) and void ones (br, img, ...) are not counted, so
// a sloppy but real page is never cut.

/** Deepest nesting read; deeper than any real page (portal themes stay under ~150). */
export const MAX_NESTING = 1000;

const VOID: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'keygen', 'frame', 'basefont', 'bgsound', 'isindex', 'image',
]);

/** Closed by the next sibling of their kind (or their parent's end) without an end tag. */
const IMPLIED_END: ReadonlySet<string> = new Set([
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'rb', 'rt', 'rp', 'rtc',
]);

/** Their content is text up to their own end tag, whatever tags it seems to hold. */
const RAW_TEXT: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title']);

export interface NestingBound {
  html: string;
  /** Characters of HTML read when the page was cut (the nesting passed the bound there). */
  cutAt?: number;
}

/** Longest tag name that matters here (void, implied-end and raw-text names are all shorter). */
const MAX_NAME = 10;

/**
 * The HTML up to where its element nesting first passes `max` (all of it when it never does).
 * indexOf and character codes instead of a tag regex: no match object per tag, so a 2 MB page
 * leaves no garbage and takes a few milliseconds.
 */
export function boundNesting(html: string, max: number = MAX_NESTING): NestingBound {
  // A page of fewer tags than the bound cannot nest past it: most pages end here at once.
  if (html.length < max * 3) return { html };
  let depth = 0;
  let pos = 0;
  const n = html.length;
  while (pos < n) {
    const start = html.indexOf('<', pos);
    if (start < 0) break;
    let i = start + 1;
    if (html.startsWith('!--', i)) {
      // A comment's content is no markup.
      const stop = html.indexOf('-->', i + 3);
      if (stop < 0) break;
      pos = stop + 3;
      continue;
    }
    const close = html.charCodeAt(i) === 0x2f;
    if (close) i++;
    if (!isLetter(html.charCodeAt(i))) {
      pos = i;
      continue;
    }
    let j = i + 1;
    while (j < n && !endsName(html.charCodeAt(j))) j++;
    // Only names of at most MAX_NAME letters are looked up; a longer one is an ordinary element.
    const name = j - i <= MAX_NAME ? html.slice(i, j).toLowerCase() : '';
    const end = html.indexOf('>', j);
    if (end < 0) break;
    pos = end + 1;
    if (close) {
      if (!VOID.has(name) && !IMPLIED_END.has(name) && depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      const stop = indexOfEndTag(html, name, end + 1);
      if (stop < 0) break;
      pos = stop;
      continue;
    }
    if (VOID.has(name) || IMPLIED_END.has(name) || html.charCodeAt(end - 1) === 0x2f /* '/>' */) continue;
    if (++depth > max) return { html: html.slice(0, start), cutAt: start };
  }
  return { html };
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** Whitespace, '/' or '>' end a tag name. */
function endsName(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || c === 0x2f || c === 0x3e;
}

/** `</name` followed by the end of the name, per raw-text element (four of them). */
const END_TAGS = new Map<string, RegExp>();

/** Where `</name` starts at or after `from`, case-insensitively; -1 when never. */
function indexOfEndTag(html: string, name: string, from: number): number {
  let re = END_TAGS.get(name);
  if (!re) END_TAGS.set(name, (re = new RegExp(`</${name}[\\s/>]`, 'gi')));
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? m.index : -1;
}
