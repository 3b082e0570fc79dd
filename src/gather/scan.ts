// One walk over the whole document that collects everything the extractors need, so that a page
// is traversed once however many kinds of facts are read from it. The extractors (links, forms,
// meta, text, page dates) then only look at the small lists gathered here.

import { BLOCK_TAGS, NO_TEXT_TAGS, cut, textOf, type DomElement, type DomNode, isElement } from './dom.ts';
import { isHiddenByAttributes, type AnchorRecord } from './links.ts';

export interface FormRecord {
  el: DomElement;
  /** Text of the last heading that started before the form. */
  precedingHeading: string;
}

export interface LooseControl {
  el: DomElement;
  /** Nearest ancestor with role="search", if any. */
  searchRoot: DomElement | null;
}

export interface HeadingRecord {
  level: number;
  text: string;
}

export interface TimeRecord {
  datetime?: string;
  text: string;
}

export interface MicrodataDate {
  prop: string;
  value: string;
}

export interface PageScan {
  title?: string;
  htmlLang?: string;
  baseHref?: string;
  metas: Record<string, string>[];
  canonicalHref?: string;
  jsonLd: string[];
  anchors: AnchorRecord[];
  forms: FormRecord[];
  /** Controls outside any form: search boxes (and, via `form=` attributes, controls of a form). */
  looseControls: LooseControl[];
  /** First `<label for=id>` per id. */
  labelsFor: Map<string, DomElement>;
  headings: HeadingRecord[];
  /** Headings on the page, including those past MAX_HEADINGS. */
  headingCount: number;
  images: { total: number; withoutAlt: number };
  times: TimeRecord[];
  microdataDates: MicrodataDate[];
  /** Short texts of elements whose class says they hold a date ("post-date", "tanggal"). */
  dateLabels: string[];
  /** Visible text, not yet collapsed. */
  textChunks: string[];
}

/**
 * Headings kept per page. Indicators read them ("Pengaduan", "PPID" as a late section of a long
 * front page), and long front pages have well over a hundred (one per news card and menu block),
 * past the 100 once kept; past this bound the cut is recorded in `facts.cut`.
 */
export const MAX_HEADINGS = 2000;
const MAX_HEADING_TEXT = 200;
const MAX_DATE_LABELS = 200;
const DATE_LABEL_MAX_CHARS = 80;

/** Subtrees that are not part of the rendered page at all (links inside them are not links on it). */
const SKIP_SUBTREE: ReadonlySet<string> = new Set(['svg', 'template', 'noscript', 'iframe', 'object', 'style']);

const CONTROL_TAGS: ReadonlySet<string> = new Set(['input', 'select', 'textarea', 'button']);

const DATE_CLASS = /(?:^|[\s_-])(?:date|tanggal|tgl|waktu|time|timeago|posted|published|updated|meta-date)(?:$|[\s_-])/i;
const DATE_ITEMPROPS: ReadonlySet<string> = new Set(['datepublished', 'datemodified', 'datecreated', 'uploaddate']);

interface Frame {
  node: DomNode;
  hidden: boolean;
  textOff: boolean;
  inForm: boolean;
  searchRoot: DomElement | null;
}

export function scanDocument(root: DomNode): PageScan {
  const scan: PageScan = {
    metas: [],
    jsonLd: [],
    anchors: [],
    forms: [],
    looseControls: [],
    labelsFor: new Map(),
    headings: [],
    headingCount: 0,
    images: { total: 0, withoutAlt: 0 },
    times: [],
    microdataDates: [],
    dateLabels: [],
    textChunks: [],
  };
  let lastHeading = '';
  const chunks = scan.textChunks;
  // A string on the stack is a separator to emit when an element's subtree is done.
  const stack: (Frame | string)[] = [{ node: root, hidden: false, textOff: false, inForm: false, searchRoot: null }];

  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      chunks.push(item);
      continue;
    }
    const { node } = item;
    if (node.type === 'text') {
      if (!item.textOff) chunks.push(node.data ?? '');
      continue;
    }
    if (!isElement(node)) {
      if (node.type === 'root') pushChildren(stack, node, item);
      continue;
    }
    const name = node.name;
    const a = node.attribs;
    if (SKIP_SUBTREE.has(name)) continue;
    if (name === 'script') {
      if ((a.type ?? '').trim().toLowerCase() === 'application/ld+json') scan.jsonLd.push(rawText(node));
      continue;
    }

    let { hidden, textOff, inForm, searchRoot } = item;
    if (!hidden && (a.hidden !== undefined || a['aria-hidden'] !== undefined || a.style !== undefined)) {
      hidden = isHiddenByAttributes(a);
    }
    if (NO_TEXT_TAGS.has(name)) textOff = true;
    if (a.role?.trim().toLowerCase() === 'search') searchRoot = node;

    switch (name) {
      case 'html':
        scan.htmlLang ??= a.lang ?? a['xml:lang'];
        break;
      case 'title':
        scan.title ??= rawText(node);
        break;
      case 'base':
        if (a.href !== undefined) scan.baseHref ??= a.href;
        break;
      case 'meta':
        scan.metas.push(a);
        break;
      case 'link':
        if (a.href !== undefined && /(?:^|\s)canonical(?:\s|$)/i.test(a.rel ?? '')) scan.canonicalHref ??= a.href;
        break;
      case 'a':
      case 'area':
        if (a.href !== undefined) scan.anchors.push({ el: node, hidden });
        break;
      case 'form':
        scan.forms.push({ el: node, precedingHeading: lastHeading });
        inForm = true;
        break;
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': {
        const text = cut(textOf(node, undefined, MAX_HEADING_TEXT * 4), MAX_HEADING_TEXT);
        scan.headingCount++;
        if (scan.headings.length < MAX_HEADINGS) scan.headings.push({ level: Number(name[1]), text });
        if (text) lastHeading = text;
        break;
      }
      case 'img':
        scan.images.total++;
        if (!a.alt?.trim()) scan.images.withoutAlt++;
        break;
      case 'time':
        scan.times.push({ datetime: a.datetime, text: textOf(node, undefined, DATE_LABEL_MAX_CHARS) });
        break;
      case 'label':
        if (a.for && !scan.labelsFor.has(a.for)) scan.labelsFor.set(a.for, node);
        break;
    }
    if (!inForm && CONTROL_TAGS.has(name)) scan.looseControls.push({ el: node, searchRoot });

    const itemprop = a.itemprop?.trim().toLowerCase();
    if (itemprop && DATE_ITEMPROPS.has(itemprop)) {
      const value = a.content ?? a.datetime ?? textOf(node, undefined, DATE_LABEL_MAX_CHARS);
      scan.microdataDates.push({ prop: itemprop, value });
    } else if (a.class && scan.dateLabels.length < MAX_DATE_LABELS && DATE_CLASS.test(a.class)) {
      const text = textOf(node, undefined, DATE_LABEL_MAX_CHARS);
      if (text && text.length <= DATE_LABEL_MAX_CHARS) scan.dateLabels.push(text);
    }

    const block = !textOff && BLOCK_TAGS.has(name);
    if (block) {
      chunks.push(' ');
      stack.push(' ');
    }
    pushChildren(stack, node, { node, hidden, textOff, inForm, searchRoot });
  }
  return scan;
}

function pushChildren(stack: (Frame | string)[], node: DomNode, state: Frame): void {
  const children = node.children;
  if (!children) return;
  for (let i = children.length - 1; i >= 0; i--) {
    stack.push({ node: children[i]!, hidden: state.hidden, textOff: state.textOff, inForm: state.inForm, searchRoot: state.searchRoot });
  }
}

/** Concatenated text children, untouched (JSON-LD must not be re-spaced; titles are collapsed later). */
function rawText(node: DomElement): string {
  let s = '';
  for (const child of node.children) if (child.type === 'text') s += child.data ?? '';
  return s;
}
