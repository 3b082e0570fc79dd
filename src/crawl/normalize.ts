// One spelling per resource, so that de-duplication, the link-check cache and the CSV rows agree
// on what "the same URL" is.

const TRACKING_EXACT = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'mc_cid', 'mc_eid', '_ga', '_gl', 'yclid',
  'msclkid', 'ref_src', 'igshid', '_hsenc', '_hsmi', 'mkt_tok', 'twclid', 'ttclid', 'srsltid',
]);

// Session ids: a fresh value in every link a server writes for a cookie-less visitor, for one and
// the same page. Kept, each page would be a new URL on every visit (one portal took 299 of 300
// pages that way); dropped, the page has one address. Only the usual names of session keys: a
// `token` or a random value under another name may mean something, and the trap guard judges those.
const SESSION_EXACT = new Set([
  'sid', 'phpsessid', 'jsessionid', 'sessionid', 'session_id', 'sessid', 'sess_id', 'aspsessionid', 'cfid', 'cftoken',
  'zenid', 'oscsid', 'ci_session', 'xtcsid',
]);

function isTrackingKey(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith('utm_') || TRACKING_EXACT.has(k) || SESSION_EXACT.has(k) || /^aspsessionid\w*$/.test(k);
}

/** `;jsessionid=…` (Java) and friends in the path, and ASP.NET's cookie-less `/(S(…))/` segment. */
function withoutPathSessions(path: string): string {
  return path
    .replace(/;(?:jsessionid|phpsessid|sessionid|sid)=[^/;?#]*/gi, '')
    .replace(/\/\((?:[A-Z]\([A-Za-z0-9]+\))+\)(?=\/|$)/g, '');
}

// RFC 3986 unreserved characters: encoding them or not means the same thing, so decode them; hex of
// everything else is upper-cased so that %2f and %2F compare equal.
function normalizePercent(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const code = parseInt(hex, 16);
    const ch = String.fromCharCode(code);
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function normalizeQuery(search: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .filter((part) => part.length > 0)
    .map(normalizePercent)
    .filter((part) => !isTrackingKey(safeDecode(part.split('=', 1)[0]!)));
  if (kept.length === 0) return '';
  // Plain code-unit order, not localeCompare, so the result does not depend on the machine's locale.
  kept.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `?${kept.join('&')}`;
}

/**
 * Absolute, canonical http(s) URL, or null for anything that is not a fetchable web address
 * (mailto:, javascript:, tel:, unparseable text, a relative URL without a base).
 */
export function normalizeUrl(raw: string, base?: string): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > 8192) return null;
  let url: URL;
  try {
    url = base === undefined ? new URL(trimmed) : new URL(trimmed, base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.hostname === '') return null;
  // Credentials in a crawled link must never be replayed to the server.
  url.username = '';
  url.password = '';
  url.hash = '';
  if (url.hostname.endsWith('.') && !url.hostname.startsWith('[')) url.hostname = url.hostname.replace(/\.+$/, '');
  if (url.hostname === '') return null;
  // WHATWG URL already lower-cases scheme and host and drops the scheme's default port.
  const path = normalizePercent(withoutPathSessions(url.pathname).replace(/\/{2,}/g, '/')) || '/';
  const query = normalizeQuery(url.search);
  return `${url.protocol}//${url.host}${path}${query}`;
}

const SESSION_HINT = /[?&;](?:sid|phpsessid|jsessionid|sessionid|session_id|sessid|sess_id|aspsessionid\w*|cfid|cftoken|zenid|oscsid|ci_session|xtcsid)=|\/\([A-Z]\(/i;

/**
 * The href without its session ids (normalised), or the href itself when it has none: what a page
 * links to is recorded without the visitor's session, which is different on every visit.
 */
export function withoutSessionIds(href: string): string {
  if (!SESSION_HINT.test(href)) return href;
  return normalizeUrl(href) ?? href;
}
