// The `--render auto` rule: does this statically fetched page look like a client-rendered app shell,
// whose menu, text and links only exist after its JavaScript ran? Cheap (string scans on the HTML
// plus the gathered facts), and biased towards rendering: a needless render costs a few hundred
// milliseconds, a missed one loses the page's content. See docs/rendering.md.

import { load } from 'cheerio';
import type { PageFacts } from '../gather/types.ts';

export interface AppShellVerdict {
  render: boolean;
  /** Short reason words: `empty_root #app`, `noscript_warning`, `little_text 42`, `few_links 1`, or `static`. */
  why: string;
}

/** Below this many characters of visible text a page with scripts is treated as a shell. */
export const LITTLE_TEXT = 200;
/** Below this many links a page that loads script bundles is treated as a shell. */
export const FEW_LINKS = 3;

const ROOT_IDS = ['root', 'app', '__next', '__nuxt', '___gatsby', 'q-app', 'svelte', 'main-app', 'app-root'];
// An element with one of the framework mount ids (a cheap pre-check; emptyRoot then parses the page
// to see whether it holds text or links) — e.g. <div id="app"></div>, <div id="root"><div class="spinner"></div></div>.
const ROOT_OPEN = new RegExp(`<(div|main|section|app-root|body)\\b[^>]*\\bid\\s*=\\s*["']?(${ROOT_IDS.join('|')})["'\\s>]`, 'gi');
const ANGULAR_ROOT = /<app-root\b[^>]*>\s*<\/app-root>/i;

const NOSCRIPT = /<noscript\b[^>]*>([\s\S]*?)<\/noscript>/gi;
const JS_WARNING =
  /\b(?:enable|enabling|turn on|allow|aktifkan|mengaktifkan|hidupkan|nyalakan|izinkan)\s+(?:the\s+|your\s+)?javascript|javascript\s+(?:is\s+|must\s+be\s+|harus\s+)?(?:required|needed|disabled|enabled|diaktifkan|dinonaktifkan|dimatikan|tidak\s+aktif|diperlukan|dibutuhkan)|(?:requires?|needs?|membutuhkan|memerlukan|butuh|perlu)\s+javascript|without\s+javascript|tanpa\s+javascript/i;

const SCRIPT_TAG = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

export interface ScriptStats {
  /** <script src=…> and <script type=module> tags. */
  bundles: number;
  /** Characters of inline script that is code (not JSON, JSON-LD or templates). */
  inlineChars: number;
}

export function scriptStats(html: string): ScriptStats {
  let bundles = 0;
  let inlineChars = 0;
  for (const m of html.matchAll(SCRIPT_TAG)) {
    const attrs = m[1] ?? '';
    const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attrs)?.[1]?.toLowerCase() ?? '';
    const isCode = type === '' || type === 'module' || type.includes('javascript') || type.includes('ecmascript');
    if (!isCode) continue;
    if (/\bsrc\s*=/i.test(attrs) || type === 'module') bundles++;
    else inlineChars += (m[2] ?? '').trim().length;
  }
  return { bundles, inlineChars };
}

/** The first mount-point element (id root/app/__next/…) whose content is empty of text and links. */
export function emptyRoot(html: string): string | undefined {
  if (ANGULAR_ROOT.test(html)) return 'app-root';
  const ids = new Set<string>();
  for (const m of html.matchAll(ROOT_OPEN)) if (m[1]!.toLowerCase() !== 'body') ids.add(m[2]!);
  if (ids.size === 0) return undefined;
  // Parsed only when a mount id is present: a Laravel/Vue page often wraps its whole server-rendered
  // content in <div id="app">, which must not count as empty.
  const $ = load(html);
  for (const id of ids) {
    const el = $(`[id="${id}"]`).first();
    if (el.length === 0 || el.is('body')) continue;
    el.find('script, style, noscript, template').remove();
    const text = el.text().replace(/\s+/g, ' ').trim();
    if (text.length <= 40 && el.find('a[href]').length === 0) return id;
  }
  return undefined;
}

export function noscriptWarning(html: string): boolean {
  for (const m of html.matchAll(NOSCRIPT)) {
    const text = (m[1] ?? '').replace(/<[^>]*>/g, ' ');
    if (JS_WARNING.test(text)) return true;
  }
  return false;
}

/**
 * The rule, in order (the first that holds is the reason given):
 * 1. `empty_root`: a framework mount point (`<div id="root|app|__next|__nuxt|…">`, `<app-root>`) that
 *    is empty, and scripts on the page;
 * 2. `noscript_warning`: a `<noscript>` that asks for JavaScript ("aktifkan JavaScript", "enable
 *    JavaScript", "requires JavaScript");
 * 3. `little_text`: fewer than 200 characters of visible text, and scripts on the page;
 * 4. `few_links`: fewer than 3 links, and the page loads script bundles.
 * "Scripts on the page" means a script bundle (`src=` or `type=module`) or at least 200 characters
 * of inline code.
 */
export function looksLikeAppShell(html: string, facts: PageFacts): AppShellVerdict {
  const scripts = scriptStats(html);
  const hasScripts = scripts.bundles > 0 || scripts.inlineChars >= 200;
  if (!hasScripts && !/<noscript\b/i.test(html)) return { render: false, why: 'static' };
  const root = hasScripts ? emptyRoot(html) : undefined;
  if (root) return { render: true, why: `empty_root #${root}` };
  if (noscriptWarning(html)) return { render: true, why: 'noscript_warning' };
  if (hasScripts && facts.textLength < LITTLE_TEXT) return { render: true, why: `little_text ${facts.textLength}` };
  const links = facts.links.filter((l) => !l.hidden).length;
  if (scripts.bundles > 0 && links < FEW_LINKS) return { render: true, why: `few_links ${links}` };
  return { render: false, why: 'static' };
}

/** Links that lead somewhere on the web (not mailto/tel), visible. */
function webLinks(facts: PageFacts): number {
  return facts.links.filter((l) => !l.hidden && l.kind !== 'mailto' && l.kind !== 'tel').length;
}

/**
 * The second half of the auto rule, for a page that was rendered anyway (the portal's home page):
 * the rendered DOM has clearly more links than the static HTML (at least 5 more and at least half as
 * many again), so the site builds its navigation in the browser and its other pages need rendering too.
 */
export function linkCountsDiffer(staticFacts: PageFacts, renderedFacts: PageFacts): AppShellVerdict {
  const s = webLinks(staticFacts);
  const r = webLinks(renderedFacts);
  const differ = r - s >= 5 && r >= s * 1.5;
  return { render: differ, why: differ ? `links_differ ${s}→${r}` : `links_same ${s}→${r}` };
}
