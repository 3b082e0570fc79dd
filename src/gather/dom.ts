// A structural view of the nodes cheerio builds (domhandler's shape). Gather walks the tree by hand
// instead of through cheerio selections: one walk over a 200 kB page costs less than a single
// `$('a')`, and gather runs on every crawled page.

export interface DomNode {
  /** 'tag' | 'script' | 'style' | 'text' | 'comment' | 'root' | 'directive' | 'cdata' */
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

export interface DomElement extends DomNode {
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
}

export function isElement(node: DomNode): node is DomElement {
  return (node.type === 'tag' || node.type === 'script' || node.type === 'style') && node.name !== undefined;
}

/** Whitespace and the invisible format characters that CMS editors paste into text. */
const SPACE_RUN = /[\s\u200b\u200c\u200d\u2060]+/g;

/** What SPACE_RUN would change besides single spaces: other whitespace, two spaces, a format character. */
const NOT_PLAIN = /[^\S ]| {2}|[\u200b\u200c\u200d\u2060]/;

export function collapse(s: string): string {
  // Most texts are already single-spaced: testing is cheaper than rebuilding them.
  return (NOT_PLAIN.test(s) ? s.replace(SPACE_RUN, ' ') : s).trim();
}

/** Cuts to `max` characters without leaving half of a surrogate pair at the end. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return s.slice(0, end);
}

/** Elements whose content is never shown as page text (or, for svg/template, is not page content). */
export const NO_TEXT_TAGS: ReadonlySet<string> = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'head', 'title', 'iframe', 'object',
]);

/**
 * Elements that break a line when rendered. Without a space at their edges, adjacent menu items
 * would merge ("BerandaProfil") and dates in neighbouring cells would run into each other.
 */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'legend', 'button', 'label', 'img', 'input',
  'select', 'textarea',
]);

/**
 * Collapsed text of one element's subtree. `skip` names elements whose content is left out (e.g. a
 * label's select options). `limit` stops early: callers that only want short texts must not pay
 * for walking a large container.
 */
export function textOf(el: DomNode, skip: ReadonlySet<string> = NO_TEXT_TAGS, limit = Infinity): string {
  const parts: string[] = [];
  let length = 0;
  const stack: (DomNode | string)[] = [el];
  while (stack.length > 0 && length <= limit) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      parts.push(item);
      continue;
    }
    if (item.type === 'text') {
      const data = item.data ?? '';
      parts.push(data);
      length += data.length;
      continue;
    }
    if (item !== el && isElement(item)) {
      if (skip.has(item.name)) continue;
      if (BLOCK_TAGS.has(item.name)) {
        parts.push(' ');
        stack.push(' ');
      }
    }
    const children = item.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return collapse(parts.join(''));
}

/** id, class and name of an element as words: "form-pengaduan" → "form pengaduan". */
export function nameWords(attribs: Record<string, string>): string {
  const raw = [attribs.id, attribs.class, attribs.name].filter(Boolean).join(' ');
  return raw.replace(/[-_.:/[\]#]+/g, ' ');
}
