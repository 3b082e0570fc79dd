import type { DocumentFact, DocumentType, GatherContext, LinkFact, LinkKind } from './types.ts';
import { collapse, cut, isElement, textOf, type DomElement } from './dom.ts';
import { documentFact } from './documents.ts';

/** An `<a href>` or `<area href>` as the page walk found it. */
export interface AnchorRecord {
  el: DomElement;
  /** The anchor or one of its ancestors hides it (see isHiddenByAttributes). */
  hidden: boolean;
}

const MAX_LINK_TEXT = 300;

const DOCUMENT_EXT = /\.(pdf|docx?|xlsx?|csv|zip|rar|pptx?|odt|ods)$/i;

/** Social networks by the domains their links use. */
export const SOCIAL_NETWORKS: Readonly<Record<string, readonly string[]>> = {
  facebook: ['facebook.com', 'fb.com', 'fb.me', 'fb.watch'],
  instagram: ['instagram.com', 'instagr.am'],
  twitter: ['twitter.com', 'x.com'],
  youtube: ['youtube.com', 'youtu.be'],
  tiktok: ['tiktok.com'],
  linkedin: ['linkedin.com'],
  telegram: ['t.me', 'telegram.me'],
  threads: ['threads.net'],
};
const SOCIAL_DOMAINS = Object.entries(SOCIAL_NETWORKS).flatMap(([network, domains]) => domains.map((domain) => ({ network, domain })));

/** The social network a host belongs to (www.facebook.com → facebook), if any. */
export function socialNetworkOf(host: string): string | undefined {
  return SOCIAL_DOMAINS.find((d) => hostIs(host, d.domain))?.network;
}
const WHATSAPP_HOSTS = ['wa.me', 'api.whatsapp.com', 'chat.whatsapp.com', 'web.whatsapp.com'];

function hostIs(host: string, domain: string): boolean {
  return host === domain || host.endsWith('.' + domain);
}

/**
 * Document type of a URL: from the path, else from a query value that names a file
 * (`download.php?file=APBD_2024.pdf`, common on Indonesian CMSs), else from a `download` attribute.
 */
export function documentTypeOf(url: URL, downloadName?: string): DocumentType | undefined {
  const fromPath = DOCUMENT_EXT.exec(url.pathname);
  if (fromPath) return fromPath[1]!.toLowerCase() as DocumentType;
  for (const value of url.searchParams.values()) {
    const fromQuery = DOCUMENT_EXT.exec(value.trim());
    if (fromQuery) return fromQuery[1]!.toLowerCase() as DocumentType;
  }
  if (downloadName) {
    const fromAttr = DOCUMENT_EXT.exec(downloadName.trim());
    if (fromAttr) return fromAttr[1]!.toLowerCase() as DocumentType;
  }
  return undefined;
}

/** Kind of an absolute http(s)/whatsapp URL; mailto and tel are decided before parsing. */
export function classifyUrl(url: URL, isInternal: (url: URL) => boolean, downloadName?: string): LinkKind {
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'whatsapp:' || WHATSAPP_HOSTS.some((h) => hostIs(host, h))) return 'whatsapp';
  if (socialNetworkOf(host)) return 'social';
  if (documentTypeOf(url, downloadName)) return 'document';
  return isInternal(url) ? 'internal' : 'external';
}

/** Resolves the page's `<base href>` against its URL; undefined when neither parses. */
export function resolveBase(baseHref: string | undefined, pageUrl: string): URL | undefined {
  let page: URL | undefined;
  try {
    page = new URL(pageUrl);
  } catch {
    page = undefined;
  }
  if (baseHref !== undefined && baseHref.trim() !== '') {
    try {
      return new URL(baseHref.trim(), page);
    } catch {
      // An unparsable base is ignored by browsers too.
    }
  }
  return page;
}

// Lower-cased, spaces removed. Spam injected into hacked .go.id pages hides its links with
// exactly these tricks so that visitors do not see them while search engines do.
const DISPLAY_NONE = /(?:^|;)display:none/;
const VISIBILITY_HIDDEN = /(?:^|;)visibility:hidden/;
const FONT_SIZE_ZERO = /(?:^|;)font-size:0(?:\.0+)?(?:px|pt|em|rem|%)?(?:;|!|$)/;
const FAR_OFFSET = /(?:^|;)(?:left|top|right|text-indent|margin-left|margin-top):-(\d+(?:\.\d+)?)/g;
// A box of no (or one pixel of) height or width that clips what overflows it.
const ZERO_HEIGHT = /(?:^|;)(?:max-)?(?:height|width):(?:0|0?\.\d+|1)(?:px)?(?:;|!|$)/;
const OVERFLOW_HIDDEN = /(?:^|;)overflow(?:-[xy])?:(?:hidden|clip)/;

export function isHiddenStyle(style: string): boolean {
  const s = style.toLowerCase().replace(/\s+/g, '');
  if (DISPLAY_NONE.test(s) || VISIBILITY_HIDDEN.test(s) || FONT_SIZE_ZERO.test(s)) return true;
  if (ZERO_HEIGHT.test(s) && OVERFLOW_HIDDEN.test(s)) return true;
  for (const m of s.matchAll(FAR_OFFSET)) if (Number(m[1]) >= 999) return true;
  return false;
}

export function isHiddenByAttributes(attribs: Record<string, string>): boolean {
  if (attribs.hidden !== undefined) return true;
  if (attribs['aria-hidden']?.trim().toLowerCase() === 'true') return true;
  return attribs.style !== undefined && isHiddenStyle(attribs.style);
}

function anchorText(el: DomElement, url: URL | undefined, base: URL | undefined): string {
  const visible = textOf(el, undefined, MAX_LINK_TEXT * 4);
  if (visible) return cut(visible, MAX_LINK_TEXT);
  const a = el.attribs;
  for (const candidate of [a['aria-label'], a.title, el.name === 'area' ? a.alt : undefined]) {
    const text = collapse(candidate ?? '');
    if (text) return cut(text, MAX_LINK_TEXT);
  }
  return cut(imageCardText(el, url, base), MAX_LINK_TEXT);
}

/**
 * What an image-only link card says: the image's alt and title, the words of its file name
 * ("banner-lapor.png") and of the link's URL (https://jdih.kota.go.id, /layanan/perizinan).
 * Portals build whole service menus from such cards, often with an empty or generic alt, and a
 * visitor reads the picture; the file and URL words are the closest a crawler gets to it.
 */
function imageCardText(el: DomElement, url: URL | undefined, base: URL | undefined): string {
  const stack = [...el.children];
  let img: DomElement | undefined;
  while (stack.length > 0 && !img) {
    const node = stack.pop()!;
    if (node.type !== 'tag' || !isElement(node)) continue;
    if (node.name === 'img') img = node;
    else stack.push(...node.children);
  }
  if (!img) return '';
  const a = img.attribs ?? {};
  const parts = [collapse(a.alt ?? ''), collapse(a.title ?? '')];
  // A telling alt ("Logo Kota Tanjung Sari") is the card's text; an empty or generic one
  // ("banner", "IMG_0231") says nothing, and the file and URL words stand in for it.
  if (!parts.some(telling)) {
    parts.push(fileWords(a.src ?? a['data-src'] ?? ''));
    if (url) parts.push(urlCardWords(url, base));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    const key = part.toLowerCase();
    if (part && !seen.has(key)) {
      seen.add(key);
      out.push(part);
    }
  }
  return out.join(' · ');
}

/** Parts of file names and URLs that name nothing: formats, sizes, CMS folders, hashes. */
const NOISE_WORD = /^(?:\d+|\d+x\d+|[a-f0-9]{12,}|jpe?g|png|gif|webp|svg|bmp|php|html?|aspx?|jsp|index|img|image|images|gambar|foto|thumb|thumbnail|scaled|min|www|go|id|co|or|ac|com|net|org|wp|content|uploads|assets|public|storage|media|files?|static)$/i;

/** Alt texts that name no content of their own. */
const GENERIC_ALT = /^(?:banner|logo|icon|ikon|slide|slider|button|tombol|link|tautan|klik|click|here|disini|gambar|image|img|foto|photo|picture|thumbnail|untitled|\d+|img[\s_-]?\d+|dsc[\s_-]?\d+)$/i;

function telling(text: string): boolean {
  return text !== '' && !GENERIC_ALT.test(text.replace(/\.[a-z0-9]{2,5}$/i, '').trim());
}

function words(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // keep it encoded
  }
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !NOISE_WORD.test(w))
    .join(' ');
}

function fileWords(src: string): string {
  const name = src.trim().split(/[?#]/)[0]!.split('/').pop() ?? '';
  return words(name.replace(/\.[a-z0-9]{2,5}$/i, ''));
}

/** The link's path words, and its host's labels that the page's own host does not share. */
function urlCardWords(url: URL, base: URL | undefined): string {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return '';
  const own = new Set((base?.hostname ?? '').toLowerCase().split('.'));
  const host = url.hostname.toLowerCase().split('.').filter((l) => !own.has(l)).join(' ');
  return words(`${host} ${url.pathname}`);
}

const SKIPPED_SCHEME = /^(?:javascript|data|blob|about|vbscript):/i;
const SKIPPED_PROTOCOLS: ReadonlySet<string> = new Set(['javascript:', 'data:', 'blob:', 'about:', 'vbscript:']);

/**
 * An href as the WHATWG URL parser reads it: leading and trailing C0 controls and spaces removed,
 * every tab and newline removed anywhere. A browser runs `java\tscript:` and ` \x01javascript:`
 * as scripts, so they must be recognised as such here too (entities are already decoded by the
 * parser). A loop, not a regex: an anchored `\s+$` retried at every position is quadratic.
 */
export function hrefAsParsed(raw: string): string {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) <= 0x20) start++;
  while (end > start && raw.charCodeAt(end - 1) <= 0x20) end--;
  const s = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  return /[\t\n\r]/.test(s) ? s.replace(/[\t\n\r]/g, '') : s;
}

/** True when a browser would not navigate to the href as a page: script, inline data, blob, about. */
export function isScriptOrDataHref(raw: string): boolean {
  return SKIPPED_SCHEME.test(hrefAsParsed(raw));
}

export interface ExtractedLinks {
  links: LinkFact[];
  /** The document links again, one per URL, with type and year. */
  documents: DocumentFact[];
}

/** One LinkFact per distinct (href, text) on the page, in document order. */
export function extractLinks(anchors: readonly AnchorRecord[], base: URL | undefined, ctx: GatherContext): ExtractedLinks {
  const byKey = new Map<string, LinkFact>();
  const documents = new Map<string, DocumentFact>();
  for (const { el, hidden } of anchors) {
    const raw = hrefAsParsed(el.attribs.href ?? '');
    if (raw === '' || raw.startsWith('#') || SKIPPED_SCHEME.test(raw)) continue;
    let href: string;
    let kind: LinkKind;
    let url: URL | undefined;
    if (/^mailto:/i.test(raw)) {
      href = raw;
      kind = 'mailto';
    } else if (/^tel:/i.test(raw)) {
      href = raw;
      kind = 'tel';
    } else {
      try {
        url = new URL(raw, base);
      } catch {
        continue;
      }
      // Whatever the spelling, what the parser made of it decides (a base of another scheme too).
      if (SKIPPED_PROTOCOLS.has(url.protocol)) continue;
      url.hash = '';
      href = url.href;
      kind = classifyUrl(url, ctx.isInternal, el.attribs.download);
    }
    const text = anchorText(el, url, base);
    if (kind === 'document' && url) {
      const type = documentTypeOf(url, el.attribs.download)!;
      const doc = documentFact(url, text, type, ctx.now, el.attribs.download);
      const known = documents.get(href);
      // An "Unduh" button and a titled link often point at the same file: keep the one with a year.
      if (!known || (known.year === undefined && doc.year !== undefined)) documents.set(href, doc);
    }
    const key = href + '\u0000' + text;
    const seen = byKey.get(key);
    if (seen) {
      // The same link shown visibly elsewhere on the page is not a hidden link.
      if (seen.hidden && !hidden) delete seen.hidden;
      continue;
    }
    const fact: LinkFact = { href, text, kind };
    if (hidden) fact.hidden = true;
    const rel = el.attribs.rel?.trim();
    if (rel) fact.rel = collapse(rel);
    byKey.set(key, fact);
  }
  return { links: [...byKey.values()], documents: [...documents.values()] };
}
