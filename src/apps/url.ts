// Identity of an application across runs and sources. An application is usually a host
// (simpeg.kota.go.id); it keeps a path only when it lives under one (kota.go.id/simpeg), so that
// "https://www.x.go.id/", "http://x.go.id" and "https://x.go.id/index.php" are one application.

/** Second-level labels under which a registrable name has three labels (x.go.id, x.co.id). */
const TWO_LABEL_SUFFIXES = new Set([
  'go.id', 'co.id', 'ac.id', 'or.id', 'web.id', 'sch.id', 'my.id', 'desa.id', 'net.id', 'mil.id',
  'ponpes.id', 'biz.id', 'co.uk', 'gov.uk', 'ac.uk', 'com.au', 'gov.au', 'gov.my', 'gov.sg', 'gov.ph',
]);

/** Paths that name a page of the application rather than the application itself. */
const ENTRY_PAGES = /\/(index\.(php|html?|aspx?|jsp)|default\.aspx?|home|beranda|login|masuk|auth\/login|signin|site\/login)\/?$/i;

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return '';
  }
}

/** www.x.go.id and x.go.id are the same site for every purpose of this stage. */
export function bareHost(host: string): string {
  return host.toLowerCase().replace(/^www\d?\./, '');
}

/** Registrable domain (x.go.id for a.b.x.go.id), by a small suffix list good enough for go.id. */
export function registrableDomain(host: string): string {
  const h = bareHost(host);
  if (/^[\d.]+$/.test(h) || h.includes(':') || !h.includes('.')) return h;
  const labels = h.split('.');
  const lastTwo = labels.slice(-2).join('.');
  const n = TWO_LABEL_SUFFIXES.has(lastTwo) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** True when host is domain or a subdomain of it. */
export function underDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase().replace(/^\.+/, '');
  return h === d || h.endsWith(`.${d}`);
}

/** Path without trailing slash and without an entry page (index.php, /login, ...); '' for the root. */
export function appPath(pathname: string): string {
  let p = pathname.replace(/\/{2,}/g, '/');
  for (let i = 0; i < 2; i++) p = p.replace(ENTRY_PAGES, '');
  p = p.replace(/\/+$/, '');
  return p.toLowerCase() === '' ? '' : p;
}

/**
 * Key of an application: bare host (+ port when not the default) + path as appPath() leaves it.
 * `keepPath: false` reduces it to the host (discovered links to a page deep inside an app).
 */
export function appKey(url: string, keepPath = true): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.trim().toLowerCase();
  }
  const host = bareHost(u.hostname);
  const port = u.port ? `:${u.port}` : '';
  // A Play Store page names its app in the query: without it every app of the store is one key,
  // and the second app listed in the targets file was dropped as a duplicate of the first.
  if (host === 'play.google.com' && /^\/store\/apps\/details\/?$/.test(u.pathname) && u.searchParams.get('id')) {
    return `${host}/store/apps/details?id=${u.searchParams.get('id')}`;
  }
  const path = keepPath ? appPath(decodeURI(u.pathname)) : '';
  return `${host}${port}${path}`;
}

/** The portal's front page: same bare host, and a root or entry path. */
export function isFrontPage(url: string, portal: string): boolean {
  try {
    const a = new URL(url);
    const p = new URL(portal);
    if (bareHost(a.hostname) !== bareHost(p.hostname)) return false;
    if ((a.port || '') !== (p.port || '')) return false;
    const path = appPath(a.pathname);
    return path === '' || path === appPath(p.pathname);
  } catch {
    return false;
  }
}
