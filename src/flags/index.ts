// Compromised-page detection. Hundreds of go.id sites have been injected with gambling spam (hidden
// link farms of "slot gacor" sites, hijacked titles, whole spam pages dropped under /wp-content/),
// and some are defaced ("Hacked by ... Team"). A flagged page is reported (pages.csv `flags`,
// cities.csv `flagged_pages`) so that a researcher does not score a city on an attacker's content.
//
// The hard part is not flagging ordinary news: city portals report gambling crackdowns ("Pemkot
// razia judi online, 12 warga diamankan") and relay Kominfo advisories about judi online. So the
// word "judi" or "togel" alone never flags a page; spam is recognised by what news never does:
// hiding links, linking to gambling domains, repeating slot-marketing vocabulary ("gacor",
// "maxwin", "RTP live") many times, or putting it in the title or the URL.
import type { LinkFact, PageFacts } from '../gather/types.ts';

// `gambling_spam` is raised on every page that carries gambling spam. Most of those are the city's
// own pages with a block of injected links: the links are removed and the rest of the page is
// judged, because the city's news and services are still there. `spam_page` is raised with it
// when the page itself is the attacker's (a doorway planted under /assets/, a hijacked title, a
// page of slot marketing): such a page and a defaced one are not judged at all.
export type PageFlag = 'gambling_spam' | 'spam_page' | 'defacement';
export const PAGE_FLAGS: readonly PageFlag[] = ['gambling_spam', 'spam_page', 'defacement'];

/** Flags that make a page the attacker's rather than the city's. */
export const WHOLE_PAGE_FLAGS: ReadonlySet<string> = new Set(['spam_page', 'defacement', 'defaced']);

/** Slot-marketing vocabulary: spam uses it, news about crackdowns almost never does. */
const STRONG = new RegExp(
  [
    'slot\\s*gacor', 'gacor', 'maxwin', 'max\\s*win', 'rtp\\s*live', 'rtp\\s*slot', 'bocoran\\s*(?:rtp|slot|admin)', 'pola\\s*(?:gacor|slot)',
    'slot\\s*\\d{2,4}', 'slot\\s*(?:online\\s*)?terpercaya', 'slot\\s*(?:dana|pulsa|thailand|kamboja|server)', 'situs\\s*slot', 'daftar\\s*slot',
    'link\\s*slot', 'akun\\s*(?:pro|demo|vip)\\s*slot', 'scatter\\s*(?:hitam|emas)', 'mahjong\\s*ways', 'gates\\s*of\\s*olympus', 'starlight\\s*princess',
    'sweet\\s*bonanza', 'pragmatic\\s*play', 'pgsoft', 'pg\\s*soft', 'deposit\\s*(?:pulsa|dana|qris)', 'depo\\s*\\d+\\s*k', 'wd\\s*(?:cepat|kilat)',
    'togel\\s*(?:online|hari\\s*ini|sgp|hk|sdy|macau)', 'situs\\s*(?:togel|toto)', 'bandar\\s*slot', 'agen\\s*(?:slot|togel|judi\\s*online)',
    'sbobet', 'slot\\s*online', 'judi\\s*slot', 'link\\s*alternatif', 'anti\\s*rungkad', 'jackpot\\s*(?:besar|terbesar)',
    // sports betting, and the MPO and IDN slot networks
    // doorway kits: "RTP BOCORAN ALTERNATIF AKSES", "link alternatif", "akses alternatif"
    'rtp\\s*bocoran', 'alternatif\\s*akses', 'akses\\s*alternatif',
    'judi\\s*bola', 'agen\\s*bola', 'mpo\\s*(?:slot|\\d{2,4})', 'idn\\s*(?:poker|slot|play)', 'toto\\s*(?:macau|slot|4d|online)', 'slot\\s*resmi',
  ].map((s) => `(?<![\\p{L}\\p{N}])${s}(?![\\p{L}])`).join('|'),
  'giu',
);

/** Gambling words that news about crackdowns uses too: only counted together with spam signals. */
const WEAK = /(?<![\p{L}\p{N}])(?:judi|perjudian|togel|slot|taruhan|kasino|casino|bandar|toto|poker|betting|jackpot|scatter)(?![\p{L}])/giu;

/** Words of crackdown reporting and public advisories. */
const NEWS_CONTEXT = /(?<![\p{L}])(?:razia|diamankan|ditangkap|menangkap|tangkap|tersangka|pelaku|polres|polresta|polda|polisi|kepolisian|satpol|memberantas|berantas|pemberantasan|blokir|diblokir|memblokir|takedown|kominfo|komdigi|imbauan|himbauan|mengimbau|sosialisasi|bahaya|dampak|larangan|melarang|pencegahan|penindakan|waspada|jerat|pidana|kuhp|undang-undang|sanksi|ancaman|hukuman)(?![\p{L}])/giu;

/** Host labels of gambling sites ("slot88gacor.com", "dewatoto.net", "hoki4d.xyz"). */
const GAMBLING_HOST = /(?:slot|gacor|togel|toto(?!r)|judi|casino|kasino|poker|sbobet|maxwin|jackpot|bet(?:ting)?(?=\d|[-.]|$)|\d4d|[a-z]4d(?=[-.]|$)|qq(?=[-.]|\d|$)|^mpo(?=\d|[-.]|$)|idn(?:poker|slot|play))/i;

/** Folders where injected spam pages are dropped (WordPress uploads, CMS file managers). */
const PLANTED_PATH = /\/(?:wp-content|wp-includes|wp-admin|uploads|upload|files|assets|images|tmp|cache)\//i;

const DEFACEMENT_STRONG = /(?:hacked|defaced|pwned|owned|touched)\s+by\b|h4ck3d\s+by|hacked\s+and\s+defaced|your\s+(?:security|system)\s+is\s+(?:low|weak|down)|security\s+is\s+(?:just\s+)?an\s+illusion/i;
const DEFACEMENT_ANY = new RegExp(
  [
    '(?:hacked|defaced|pwned|h4ck3d)\\s+by\\b', 'owned\\s+by\\s+[^\\n]{0,40}?\\b(?:team|crew|cyber|army|hackers?|xploit|ghost|anon)',
    'touched\\s+by\\b', '\\bwas\\s+here\\b', '\\bgreetz?\\b', '\\bgreets\\s+to\\b', 'security\\s+is\\s+(?:just\\s+)?an\\s+illusion',
    'your\\s+(?:security|system)\\s+is\\s+(?:low|weak|down)', 'patch\\s+your\\s+(?:system|site|server|web)', '\\bkami\\s+hanya\\s+(?:menguji|mengingatkan)',
    '\\bsorry\\s+admin\\b', 'maaf\\s+admin', '\\bindonesian?\\s+(?:cyber|hacker)\\s*(?:army|team|crew)?\\b',
  ].join('|'),
  'gi',
);

function count(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function distinct(re: RegExp, text: string): Set<string> {
  re.lastIndex = 0;
  const out = new Set<string>();
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.add(m[0].toLowerCase().replace(/\s+/g, ' '));
  return out;
}

function has(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  return re.test(text);
}

/** Path and query of a URL as words ("/wp-content/uploads/slot-gacor.html" → "wp content uploads slot gacor html"). */
function urlText(href: string): string {
  let s = href;
  try {
    const u = new URL(href);
    s = u.pathname + u.search;
    try {
      s = decodeURIComponent(s);
    } catch {
      // keep it encoded
    }
  } catch {
    // not a URL: use it as it is
  }
  return s.replace(/[/_.\-+=?&%]+/g, ' ');
}

function hostOf(href: string): string {
  try {
    return new URL(href).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function gamblingHost(host: string): boolean {
  if (host === '' || host.endsWith('.go.id') || host.endsWith('.ac.id') || host.endsWith('.sch.id')) return false;
  // Judge the registrable part and the labels, not the public suffix.
  return host.split('.').slice(0, -1).some((label) => GAMBLING_HOST.test(label));
}

function linkIsGambling(link: LinkFact): { strong: boolean; weak: boolean } {
  const words = `${link.text} ${urlText(link.href)}`;
  const strong = has(STRONG, words);
  return { strong, weak: strong || has(WEAK, words) };
}

/**
 * Alternatives grouped by their first letter ("s(?:lot|catter|…)|g(?:acor|reet)|…"): the regex
 * engine then tests a position's letter once instead of once per word, a third faster on pages
 * that contain none of them (most pages). Only for test(): which alternative matches is not used.
 */
export function byFirstLetter(alternatives: readonly string[]): string {
  const groups = new Map<string, string[]>();
  const rest: string[] = [];
  for (const alt of alternatives) {
    if (!/^[a-z0-9]/.test(alt)) {
      rest.push(alt);
      continue;
    }
    const tails = groups.get(alt[0]!) ?? [];
    tails.push(alt.slice(1));
    groups.set(alt[0]!, tails);
  }
  return [...[...groups].map(([first, tails]) => `${first}(?:${tails.join('|')})`), ...rest].join('|');
}

const HINT = new RegExp(
  byFirstLetter([
    // gambling
    'slot', 'gacor', 'max\\s*win', 'rtp', 'bocoran', 'togel', 'toto', 'judi', 'taruhan', 'kasino', 'casino', 'bandar', 'poker', 'bet',
    'jackpot', 'scatter', 'sbobet', 'pg\\s*soft', 'mahjong', 'olympus', 'princess', 'bonanza', 'pragmatic', 'deposit', 'depo',
    'wd\\s*(?:cepat|kilat)', 'rungkad', 'alternatif', '[a-z\\d]4d', 'qq', 'agen\\s*bola', 'mpo\\s*(?:slot|\\d)', 'idn',
    // defacement
    'hack', 'h4ck', 'deface', 'pwn', 'owned', 'touched', 'was\\s+here', 'greet', 'security', 'system\\s+is', 'patch\\s+your',
    'kami\\s+hanya', 'sorry\\s+admin', 'maaf\\s+admin', 'cyber',
  ]),
);

function pageWords(facts: PageFacts, url: string): string {
  const parts = [url, facts.meta.title ?? '', facts.text ?? ''];
  for (const h of facts.headings) parts.push(h.text);
  for (const l of facts.links) parts.push(l.text, l.href);
  return parts.join('\n');
}

/** A link that belongs to injected gambling spam (removed from a page that is otherwise the city's). */
function injectedLink(link: LinkFact): boolean {
  const g = linkIsGambling(link);
  if (link.hidden && g.weak) return true;
  if ((link.kind === 'external' || link.kind === 'social') && gamblingHost(hostOf(link.href))) return true;
  return g.strong;
}

/** Doorway kits send every button to the gambling site: LOGIN and DAFTAR both to one outside host. */
function doorwayButtons(facts: PageFacts): boolean {
  const hosts = new Map<string, Set<string>>();
  for (const link of facts.links) {
    if (link.kind !== 'external') continue;
    const word = link.text.trim().toLowerCase();
    if (word !== 'login' && word !== 'daftar' && word !== 'masuk' && word !== 'register') continue;
    const host = hostOf(link.href);
    if (host === '' || host.endsWith('.go.id')) continue;
    const words = hosts.get(host) ?? new Set<string>();
    words.add(word === 'masuk' ? 'login' : word === 'register' ? 'daftar' : word);
    hosts.set(host, words);
  }
  return [...hosts.values()].some((w) => w.size >= 2);
}

/**
 * `page` when the page itself is gambling spam, `injected` when the city's page carries injected
 * spam links, undefined when neither. The page-level tests read only what a visitor sees: the
 * texts of hidden links are taken out of the counts, so a hidden link farm cannot make the city's
 * own page look like a spam page.
 */
function gamblingSpam(facts: PageFacts, url: string): 'page' | 'injected' | undefined {
  const title = facts.meta.title ?? '';
  const headings = facts.headings.map((h) => h.text).join(' \n ');
  const text = facts.text ?? '';
  const context = count(NEWS_CONTEXT, `${title} ${headings} ${text}`);

  // 1. Hidden links about gambling: news never hides its links.
  let hiddenStrong = 0;
  let hiddenWeak = 0;
  let hiddenToGamblingSite = 0;
  // 2. Links to gambling sites, and visible link farms.
  let gamblingDomains = 0;
  let gamblingDomainWithText = 0;
  let strongLinks = 0;
  let visibleStrongLinks = 0;
  for (const link of facts.links) {
    const g = linkIsGambling(link);
    if (link.hidden) {
      if (g.strong) hiddenStrong++;
      else if (g.weak) hiddenWeak++;
      // Spam pages are planted where a CMS stores uploads.
      if (g.weak && PLANTED_PATH.test(link.href)) hiddenToGamblingSite++;
    }
    if ((link.kind === 'external' || link.kind === 'social') && gamblingHost(hostOf(link.href))) {
      gamblingDomains++;
      if (link.hidden) hiddenToGamblingSite++;
      if (g.weak || has(WEAK, link.text) || has(STRONG, link.text)) gamblingDomainWithText++;
    }
    if (g.strong) {
      strongLinks++;
      if (!link.hidden) visibleStrongLinks++;
    }
  }

  // 3. A spam page planted on the site (often under /wp-content/ or /uploads/): its own URL says so.
  const pageUrlWords = urlText(url);
  const strongInPage = distinct(STRONG, `${title} \n ${headings} \n ${text}`);
  if (has(STRONG, pageUrlWords) && (strongInPage.size >= 1 || has(WEAK, title))) return 'page';

  // 5. Density of what a visitor sees: many slot-marketing words, little crackdown vocabulary.
  // The text of hidden links is in the page text too (gather keeps it for this module).
  // Link texts are in it as well: a link farm pasted into a page is judged by rule 7, as links.
  const linkStrongWords = facts.links.reduce((n, l) => n + (has(STRONG, l.text) ? count(STRONG, l.text) : 0), 0);
  // With a hidden block on the page, its anchor texts are in the text as often as they were
  // written (repeated anchors are one link), so only what shows counts: headings and visible links.
  const hiddenBlock = hiddenStrong + hiddenWeak >= 2;
  const visibleLinkText = facts.links.filter((l) => !l.hidden).map((l) => l.text).join(' \n ');
  const bodyStrong = hiddenBlock
    ? count(STRONG, `${headings} \n ${visibleLinkText}`)
    : Math.max(0, count(STRONG, `${headings} \n ${text}`) - linkStrongWords);
  const visibleStrong = bodyStrong + count(STRONG, title);

  // 4. A hijacked title: slot marketing in the title of a page that is not reporting on gambling.
  // Cloaking kits rewrite only the title and leave the city's body: then the title is the injection.
  if (has(STRONG, title) && context === 0) return bodyStrong >= 3 ? 'page' : 'injected';
  if (strongInPage.size >= 2 && visibleStrong >= 5 && context < 3) return 'page';
  if (visibleStrong >= 15 && visibleStrong > context * 3) return 'page';
  // 6. A doorway: gambling words and LOGIN / DAFTAR buttons to one outside host.
  if (strongInPage.size >= 1 && context === 0 && hiddenStrong + hiddenWeak === 0 && doorwayButtons(facts)) return 'page';

  // One hidden link to a page of the same site only points at the planted page (which is flagged
  // itself when crawled); a hidden block of them, or one to a gambling site, is the injection.
  if (hiddenToGamblingSite >= 1 || hiddenStrong + hiddenWeak >= 2) return 'injected';
  if (gamblingDomainWithText >= 1 || gamblingDomains >= 2) return 'injected';
  // 7. A visible link farm: the page's if its links are mostly spam, else pasted into the city's page.
  if (strongLinks >= 5 && context < 3) return visibleStrongLinks >= 5 && visibleStrongLinks * 2 > facts.links.length ? 'page' : 'injected';
  return undefined;
}

function defacement(facts: PageFacts): boolean {
  const title = facts.meta.title ?? '';
  const headings = facts.headings.map((h) => h.text).join(' \n ');
  if (has(DEFACEMENT_STRONG, title) || has(DEFACEMENT_STRONG, headings)) return true;
  const text = facts.text ?? '';
  const markers = distinct(DEFACEMENT_ANY, `${title} \n ${headings} \n ${text}`);
  // A defaced page is short and says little else; an article about a defacement is long and
  // written in the vocabulary of reporting.
  if (markers.size >= 2 && facts.textLength < 3000 && count(NEWS_CONTEXT, text) < 3) return true;
  if (has(DEFACEMENT_STRONG, text) && facts.textLength < 600 && facts.links.length < 15) return true;
  return false;
}

/** Flags for one page: `gambling_spam` (with `spam_page` when the whole page is spam), `defacement`, or none. */
export function flagPage(facts: PageFacts, url: string): PageFlag[] {
  const flags: PageFlag[] = [];
  // Every pattern above contains one of HINT's plain substrings. Most pages contain none, and one
  // scan spares them the Unicode-aware patterns, which cost more per page than parsing it.
  // Lower-cased first: a case-insensitive Unicode regex over a whole page cost 8x more.
  if (!HINT.test(pageWords(facts, url).toLowerCase())) return flags;
  const spam = gamblingSpam(facts, url);
  if (spam) flags.push('gambling_spam');
  if (spam === 'page') flags.push('spam_page');
  if (defacement(facts)) flags.push('defacement');
  return flags;
}

/**
 * Takes the injected gambling links out of a page that is the city's own (flagged `gambling_spam`
 * without `spam_page`), so that what is judged is what the city published. Returns what was removed.
 */
export function removeInjected(facts: PageFacts): { removed: number; example?: string } {
  if (!facts.flags.includes('gambling_spam') || facts.flags.some((f) => WHOLE_PAGE_FLAGS.has(f))) return { removed: 0 };
  const kept: LinkFact[] = [];
  let example: string | undefined;
  let removed = 0;
  for (const link of facts.links) {
    if (injectedLink(link)) {
      removed++;
      example ??= link.href;
    } else kept.push(link);
  }
  facts.links = kept;
  // A hijacked title is the attacker's too; the page's own first heading names it better.
  if (has(STRONG, facts.meta.title ?? '')) {
    removed++;
    example ??= `title "${(facts.meta.title ?? '').slice(0, 60)}"`;
    facts.meta.title = '';
  }
  return example === undefined ? { removed } : { removed, example };
}
