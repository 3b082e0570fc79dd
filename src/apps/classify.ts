// Pure classifiers for the liveness check: each looks at one response (status, headers, HTML) and
// says whether it is a placeholder, a not-found page, a bot filter, ... They are kept apart from the
// network code so that every rule has fixtures of its own.
import * as cheerio from 'cheerio';
import { MAX_PARSE_CHARS } from '../gather/gather.ts';
import { boundNesting } from '../gather/nesting.ts';

/**
 * What the checks read of a page's own fields: a title of a megabyte or thousands of headings are
 * the page's choice, and every check below must stay quick whatever it sends. Placeholder and
 * not-found pages say so in their first words.
 */
export const CHECK_TITLE_CHARS = 300;
export const CHECK_HEADINGS = 50;
export const CHECK_HEADING_CHARS = 300;

/** Node TLS error codes → the short words of the `detail` column. */
const TLS_WORDS: Array<[RegExp, string]> = [
  [/CERT_HAS_EXPIRED/, 'expired'],
  [/CERT_NOT_YET_VALID/, 'not_yet_valid'],
  [/DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN/, 'self_signed'],
  [/ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i, 'wrong_host'],
  [/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?/, 'incomplete_chain'],
  [/CERT_REVOKED/, 'revoked'],
  [/CERT_SIGNATURE_FAILURE|CERT_UNTRUSTED|CERT_REJECTED/, 'untrusted'],
  [/ERR_SSL_|EPROTO|wrong version number|handshake|alert|cipher/i, 'protocol'],
];

/** Short word for a TLS failure detail (an error code or message); 'other' when none fits. */
export function tlsWord(detail: string | undefined): string {
  if (!detail) return 'other';
  for (const [re, word] of TLS_WORDS) if (re.test(detail)) return word;
  return 'other';
}

/** The page as the classifiers see it: title, headings and visible text, parsed once. */
export interface PageView {
  title: string;
  headings: string[];
  text: string;
  /** Visible text length. */
  textLength: number;
  hasScripts: boolean;
  /** Target of a <meta http-equiv="refresh">, absolute, when present. */
  refreshTo?: string;
  /** Number of entries of an "Index of /" listing (without the parent link); undefined when not a listing. */
  listingEntries?: number;
}

export function viewPage(html: string, url: string): PageView {
  // The same bounds as gather: a page nested 100,000 deep must not stall the parse or the walk.
  const $ = cheerio.load(boundNesting(html.length > MAX_PARSE_CHARS ? html.slice(0, MAX_PARSE_CHARS) : html).html);
  const title = $('title').first().text().slice(0, CHECK_TITLE_CHARS * 4).replace(/\s+/g, ' ').trim().slice(0, CHECK_TITLE_CHARS);
  const headings = $('h1, h2, h3').slice(0, CHECK_HEADINGS * 2)
    .map((_, el) => $(el).text().slice(0, CHECK_HEADING_CHARS * 4).replace(/\s+/g, ' ').trim().slice(0, CHECK_HEADING_CHARS)).get()
    .filter(Boolean).slice(0, CHECK_HEADINGS);
  const hasScripts = $('script').length > 0;
  let refreshTo: string | undefined;
  const refresh = $('meta[http-equiv]').filter((_, el) => /refresh/i.test($(el).attr('http-equiv') ?? '')).attr('content');
  const m = refresh?.match(/url\s*=\s*['"]?([^'";]+)/i);
  if (m) {
    try {
      refreshTo = new URL(m[1].trim(), url).href;
    } catch { /* an unusable refresh target is just ignored */ }
  }
  let listingEntries: number | undefined;
  if (/^index of\b/i.test(title) || /^index of\b/i.test(headings[0] ?? '')) {
    const entries = $('a[href]').map((_, el) => $(el).attr('href') ?? '').get()
      // Sort links (?C=N;O=D), the parent directory and server-made folders are not content.
      .filter((h) => h && !h.startsWith('?') && !/^(\.\.\/?|\/|\/?cgi-bin\/|\/?\.well-known\/)$/.test(h) && !/^https?:/.test(h))
      .filter((h) => !/parent directory/i.test(h));
    listingEntries = entries.length;
  }
  $('script, style, noscript, template').remove();
  const text = $('body').text().replace(/\s+/g, ' ').trim() || $.root().text().replace(/\s+/g, ' ').trim();
  return { title, headings, text, textLength: text.length, hasScripts, refreshTo, listingEntries };
}

// ---------------------------------------------------------------------------------------------
// Parked: a hosting account suspended for non-payment, a domain offered for sale or parked.
const PARKED: Array<[RegExp, string]> = [
  [/this account has been suspended|account suspended|akun (ini )?(telah )?(di ?)?suspend|website (ini )?(telah |sedang )?(di ?)?suspend|suspendedpage/i, 'suspended'],
  [/(this )?domain (name )?(is|may be) for sale|buy this domain|domain (ini )?(di ?jual|dijual|for sale)|make an offer on this domain|this domain is parked|domain parked|parked (free|domain)|sedo(parking)?\.com|dan\.com|afternic|parkingcrew|bodis\.com|above\.com|hugedomains|undeveloped\.com|domain has expired|domain (ini )?(telah )?kedaluwarsa|masa aktif domain/i, 'for_sale_or_parked'],
];

/** 'suspended' or 'for_sale_or_parked' when the page is a parking or suspension placeholder. */
export function detectParked(view: PageView, html: string): string | undefined {
  // Body text counts only on a short page: a real site can mention a suspension in its news.
  const where = `${view.title}\n${view.headings.join('\n')}\n${view.textLength < 1000 ? view.text : ''}`;
  for (const [re, word] of PARKED) if (re.test(where)) return word;
  // Parking services load their page from a script whose URL names them.
  if (/(sedoparking\.com|parkingcrew\.net|bodis\.com|dan\.com\/|afternic\.com)/i.test(html) && view.textLength < 3000) {
    return 'for_sale_or_parked';
  }
  return undefined;
}

// Default pages: what a web server or control panel shows before anyone installs the application.
const DEFAULT_PAGES: Array<[RegExp, string]> = [
  [/^it works!?$|apache2? (ubuntu|debian|centos|http server)? ?default page|apache http server test page|test page for (the )?apache|powered by centos|this page is used to test the proper operation of the apache/i, 'apache'],
  [/welcome to nginx|nginx http server|test page for the nginx/i, 'nginx'],
  [/^iis windows server$|internet information services|^iis\d* ?welcome|^iis$/i, 'iis'],
  [/litespeed web server|congratulations!? (your )?litespeed|openlitespeed/i, 'litespeed'],
  [/default web site page|web server'?s default page|default page for this domain|this is the default (web )?page|default index page|site (is )?(not )?(yet )?configured|welcome to your new (web)?site|future home of something quite cool/i, 'hosting_default'],
  [/cpanel|whm|plesk|aapanel|bt\.cn|directadmin|cyberpanel|hestia ?cp|vesta ?cp|webuzo|ispconfig/i, 'control_panel'],
  [/welcome to xampp|xampp|laragon|wamp ?server|welcome to codeigniter|laravel\s*$|symfony welcome|welcome to (the )?wordpress\. this is your first post|hello world!/i, 'framework_default'],
];

/** Detail word when the page is a web server / control panel / framework placeholder. */
export function detectDefaultPage(view: PageView, html: string): string | undefined {
  if (view.listingEntries !== undefined) return view.listingEntries === 0 ? 'empty_listing' : 'directory_listing';
  const title = view.title;
  const head = view.headings.slice(0, 3).join('\n');
  // Control-panel and framework names appear in the footers of real sites too, so they count only
  // in the title or the first headings of a short page.
  const short = view.textLength < 2500;
  for (const [re, word] of DEFAULT_PAGES) {
    if (re.test(title) || (short && re.test(head))) return word;
  }
  if (short && /(apache2? ubuntu default page|welcome to nginx!|if you see this page, the nginx web server is successfully installed|it works!)/i.test(view.text)) {
    return /nginx/i.test(view.text) ? 'nginx' : 'apache';
  }
  // A page with nothing to show and no script to draw it is an empty document root.
  if (view.textLength === 0 && !view.hasScripts && !/<(img|iframe|frame|embed|object|svg|canvas)\b/i.test(html)) {
    return 'blank_page';
  }
  return undefined;
}

// Not-found wording, Indonesian and English.
const NOT_FOUND = /halaman (yang (anda|kamu) (cari|minta|tuju) )?tidak (dapat )?(di ?temukan|ada|tersedia)|halaman tidak ditemukan|tidak ditemukan|page (you (are looking for|requested) )?(was |could )?not (be )?found|page not found|not found|file not found|error 404|404 error|^404\b|\b404$|oops!? .{0,80}?(not|tidak)|ups!? .{0,80}?tidak|nothing (was )?found|does not exist|tidak tersedia/i;

/** True when the page says it is a not-found page: in its title or first headings, or all over a short page. */
export function saysNotFound(view: PageView): boolean {
  if (NOT_FOUND.test(view.title)) return true;
  if (view.headings.slice(0, 2).some((h) => h.length < 120 && NOT_FOUND.test(h))) return true;
  return view.textLength < 400 && /halaman tidak ditemukan|page not found|404|not found|tidak ditemukan/i.test(view.text);
}

// Bot filters and rate limits: the site answered, but not with itself.
const CHALLENGE = /just a moment\.\.\.|attention required!? \| cloudflare|checking (if the site connection is secure|your browser before accessing)|cf-browser-verification|challenge-platform|_cf_chl_opt|ddos-guard|ddos protection by|sucuri website firewall|access denied - sucuri|incapsula incident|request unsuccessful\. incapsula|_incapsula_resource|this site has determined a security issue with your request|the requested url was rejected\. please consult with your administrator|request rejected|web application firewall|mod_security|modsecurity|not acceptable!? an appropriate representation|akamai.{0,200}?reference #|access denied.{0,200}?reference #|captcha|are you a robot|bot verification|verify you are human|security check|blocked by|your (ip|request) has been blocked|akses (anda )?ditolak|permintaan (anda )?diblokir/i;

const WAF_HEADERS: Array<[string, RegExp, string]> = [
  ['cf-mitigated', /./, 'cloudflare_challenge'],
  ['server', /cloudflare/i, 'cloudflare'],
  ['x-sucuri-id', /./, 'sucuri'],
  ['server', /sucuri/i, 'sucuri'],
  ['x-iinfo', /./, 'incapsula'],
  ['server', /akamaighost|akamai/i, 'akamai'],
  ['server', /ddos-guard/i, 'ddos_guard'],
  ['x-datadome', /./, 'datadome'],
];

/**
 * Detail word when the response is a bot filter, a challenge or a rate limit, else undefined.
 * A 403 counts only with a filter's mark on it (header or wording): a plain 403 can be a closed site.
 */
export function detectBlocked(status: number, headers: Record<string, string>, view?: PageView): string | undefined {
  if (status === 429) return 'rate_limited';
  const h = lower(headers);
  if (h['cf-mitigated']) return 'cloudflare_challenge';
  const words = view ? `${view.title}\n${view.headings.join('\n')}\n${view.text.slice(0, 3000)}` : '';
  const challenge = CHALLENGE.test(words);
  if (status === 403 || status === 503 || status === 401 || status === 406 || status === 400 || status === 202) {
    if (challenge) return wafName(h) ?? 'waf_challenge';
    if (status === 403 || status === 406) {
      const waf = wafName(h);
      if (waf) return waf;
    }
  }
  // Some filters answer 200 with a challenge page; it must also be small to be only a challenge.
  if (status === 200 && challenge && view && view.textLength < 1500 && /just a moment|checking|captcha|robot|verify|security check|ddos/i.test(view.title + view.text.slice(0, 500))) {
    return wafName(h) ?? 'waf_challenge';
  }
  return undefined;
}

function wafName(h: Record<string, string>): string | undefined {
  for (const [name, re, word] of WAF_HEADERS) if (h[name] !== undefined && re.test(h[name])) return word;
  return undefined;
}

function lower(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = String(v);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Copyright years: "© 2019", "Copyright 2017-2019", "Hak Cipta © 2021", "(c) 2020".
const COPYRIGHT = /(?:©|&copy;|\(c\)|copyright|hak cipta)\s*(?:©|\(c\))?\s*(?:(\d{4})\s*[-–—/]\s*)?(\d{4})/gi;

/** Newest copyright year on the page, when it states one (1995..next year). */
export function copyrightYear(text: string, now: Date): number | undefined {
  let best: number | undefined;
  const max = now.getUTCFullYear() + 1;
  for (const m of text.matchAll(COPYRIGHT)) {
    const y = Number(m[2]);
    if (y >= 1995 && y <= max && (best === undefined || y > best)) best = y;
  }
  return best;
}

/** The newest evidence of life: a date (YYYY-MM-DD) or, failing that, the copyright year's end. */
export function newestEvidence(newestDate: string | undefined, year: number | undefined): { value: string; asDate: string } | undefined {
  const yearEnd = year !== undefined ? `${year}-12-31` : undefined;
  if (newestDate && (!yearEnd || newestDate >= `${year}-01-01`)) return { value: newestDate, asDate: newestDate };
  if (yearEnd) return { value: String(year), asDate: yearEnd };
  return undefined;
}

/** True when isoDate is more than `months` months before now. */
export function olderThanMonths(isoDate: string, now: Date, months: number): boolean {
  const cut = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  return isoDate < cut.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Fingerprints for the random-path comparison (GSA's 404 probe, extended to soft 404s).
export interface Fingerprint {
  status: number;
  title: string;
  length: number;
  text: string;
}

export function fingerprint(status: number, view: PageView, stripWords: string[] = []): Fingerprint {
  let text = view.text.toLowerCase();
  // The probe's random path is echoed back by many error pages; digits change per request (times).
  for (const w of stripWords) if (w) text = text.split(w.toLowerCase()).join(' ');
  text = text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
  return { status, title: view.title.toLowerCase().replace(/\d+/g, '#'), length: text.length, text };
}

/** Same status and the same page (text equal, or title equal with a length within 10 %). */
export function similar(a: Fingerprint, b: Fingerprint): boolean {
  if (a.status !== b.status) return false;
  if (a.text === b.text) return true;
  const maxLen = Math.max(a.length, b.length, 1);
  return a.title !== '' && a.title === b.title && Math.abs(a.length - b.length) / maxLen <= 0.1;
}
