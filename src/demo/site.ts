// The bundled example portals as data: loading `portals/*/site.yaml` and answering one request for a
// virtual host. Both the loopback server and the ground truth go through `respond()`, so that what the
// tests believe about a portal is exactly what the server sends.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The fixed "today" the demo portals were written against; pass it as `now` to get stable results. */
export const DEMO_NOW = new Date('2026-11-23T03:00:00Z');

/** `portals/` at the root of the repository. */
export const DEFAULT_PORTALS_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'portals');

export const PHASES = ['presence', 'interaction', 'transaction', 'transformation'] as const;
export type DemoPhase = (typeof PHASES)[number];

const hostName = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, 'lower-case host name');

const routeSchema = z
  .object({
    host: hostName,
    /** Exact path, or a prefix when it ends with `*`. Compared with the percent-decoded path. */
    path: z.string().startsWith('/'),
    /** Every listed query parameter must be present with this value. */
    query: z.record(z.string(), z.string()).optional(),
    /** Location; `{path}` is replaced by the requested path and query. */
    redirect: z.string().optional(),
    status: z.number().int().min(100).max(599).optional(),
    /** Body file, relative to the city folder. */
    file: z.string().optional(),
    /** Serve the bytes as they are, declaring this charset in Content-Type. */
    charset: z.string().optional(),
    contentType: z.string().optional(),
    json: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type DemoRoute = z.infer<typeof routeSchema>;

const appSchema = z
  .object({
    name: z.string().min(1),
    url: z.string().url(),
    category: z.enum(['G2C', 'G2B', 'G2G', 'G2E']),
    /** What a liveness check should conclude (contract.md words); for tests, never sent to the crawler. */
    expect: z.enum(['active', 'stale', 'inactive', 'unknown']).optional(),
    reason: z.string().optional(),
  })
  .strict();
export type DemoApp = z.infer<typeof appSchema>;

const citySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    province: z.string().min(1),
    phase: z.enum(PHASES),
    /** `client`: the pages are built by JavaScript in the browser, so only a rendering crawl sees them. */
    rendering: z.enum(['server', 'client']).default('server'),
    timezone: z.enum(['WIB', 'WITA', 'WIT']).optional(),
    summary: z.string().min(1),
    portal: z.string().url(),
    domains: z.array(hostName).min(1),
    hosts: z.array(hostName).min(1),
    routes: z.array(routeSchema).default([]),
    flagged: z.array(z.object({ url: z.string().url(), flag: z.string() }).strict()).default([]),
    applications: z.array(appSchema).default([]),
  })
  .strict();

const externalSchema = z
  .object({
    id: z.string().startsWith('_'),
    external: z.literal(true),
    hosts: z.array(hostName).min(1),
    routes: z.array(routeSchema).default([]),
  })
  .strict();

export interface DemoCity extends z.infer<typeof citySchema> {
  /** Absolute path of the city folder. */
  dir: string;
}

export interface DemoSiteGroup {
  id: string;
  dir: string;
  hosts: string[];
  routes: DemoRoute[];
  city?: DemoCity;
}

export interface DemoSites {
  root: string;
  cities: DemoCity[];
  groups: DemoSiteGroup[];
  /** Every served host name → its group. */
  byHost: Map<string, DemoSiteGroup>;
}

export function loadDemoSites(root: string = DEFAULT_PORTALS_ROOT): DemoSites {
  const groups: DemoSiteGroup[] = [];
  const cities: DemoCity[] = [];
  const byHost = new Map<string, DemoSiteGroup>();
  for (const entry of readdirSync(root).sort()) {
    const dir = join(root, entry);
    const file = join(dir, 'site.yaml');
    if (!statSync(dir).isDirectory() || !existsSync(file)) continue;
    const raw: unknown = parseYaml(readFileSync(file, 'utf8'));
    const isExternal = typeof raw === 'object' && raw !== null && (raw as { external?: unknown }).external === true;
    const parsed = (isExternal ? externalSchema : citySchema).safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const data = parsed.data;
    if (data.id !== entry) throw new Error(`${file}: id "${data.id}" must equal the folder name "${entry}"`);
    const group: DemoSiteGroup = { id: data.id, dir, hosts: data.hosts, routes: data.routes };
    if (!isExternal) {
      const city: DemoCity = { ...(data as z.infer<typeof citySchema>), dir };
      group.city = city;
      cities.push(city);
      for (const h of city.hosts) {
        if (!city.domains.some((d) => h === d || h.endsWith('.' + d))) throw new Error(`${file}: host ${h} is outside the domains`);
      }
    }
    for (const route of data.routes) {
      if (!data.hosts.includes(route.host)) throw new Error(`${file}: route ${route.path} names host ${route.host}, which is not in hosts`);
    }
    for (const h of data.hosts) {
      const other = byHost.get(h);
      if (other) throw new Error(`${file}: host ${h} is already served by ${other.id}`);
      byHost.set(h, group);
    }
    groups.push(group);
  }
  return { root, cities, groups, byHost };
}

/** True when `host` belongs to the city (its own host or a host under one of its domains). */
export function inCityScope(city: DemoCity, host: string): boolean {
  return city.domains.some((d) => host === d || host.endsWith('.' + d));
}

export interface DemoResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** A text body in which `http://<served host>` must gain the server's port. */
  rewrite: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.php': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ppt': 'application/vnd.ms-powerpoint',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.zip': 'application/zip',
  '.rar': 'application/vnd.rar',
};

export function contentTypeFor(file: string): string {
  // robots.txt and sitemaps are looked up by name too, but the extension already covers them.
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export function isTextType(contentType: string): boolean {
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return t.startsWith('text/') || t.endsWith('+xml') || t.endsWith('/xml') || t.endsWith('/json') || t.endsWith('+json') || t === 'text/javascript';
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const STATUS_TEXT: Record<number, [string, string]> = {
  404: ['Halaman tidak ditemukan', 'Maaf, halaman yang Anda cari tidak ditemukan. Mungkin halaman telah dipindahkan atau alamatnya salah ketik.'],
  403: ['Akses ditolak', 'Anda tidak memiliki izin untuk mengakses halaman ini.'],
  405: ['Metode tidak diizinkan', 'Permintaan ini tidak dapat diproses.'],
  421: ['Host tidak dikenal', 'Server ini tidak melayani nama host tersebut.'],
  500: ['Terjadi kesalahan pada server', 'Mohon maaf, server sedang mengalami gangguan. Silakan coba beberapa saat lagi.'],
  502: ['Gateway bermasalah', 'Server perantara menerima jawaban yang tidak valid.'],
  503: ['Layanan sedang tidak tersedia', 'Layanan sedang dalam pemeliharaan. Silakan kembali beberapa saat lagi.'],
};

/** The error page a typical Indonesian city site shows (Indonesian text, link back to the home page). */
export function errorPage(status: number, host?: string): DemoResponse {
  const [title, text] = STATUS_TEXT[status] ?? ['Terjadi kesalahan', `Permintaan tidak dapat diproses (kode ${status}).`];
  const home = host ? `<p><a href="/">Kembali ke beranda</a></p>` : '';
  const html = `<!DOCTYPE html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${status} - ${escapeHtml(title)}</title></head>
<body>
<h1>${status}</h1>
<h2>${escapeHtml(title)}</h2>
<p>${escapeHtml(text)}</p>
${home}
</body>
</html>
`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html, 'utf8'), rewrite: false };
}

/** Lower-case host without port or trailing dot. */
export function normaliseHost(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  let h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  if (colon >= 0) h = h.slice(0, colon);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function matchRoute(route: DemoRoute, path: string, params: URLSearchParams): boolean {
  const pathOk = route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : path === route.path;
  if (!pathOk) return false;
  for (const [k, v] of Object.entries(route.query ?? {})) if (params.get(k) !== v) return false;
  return true;
}

/** A file inside `base`, or undefined; never escapes `base`, never serves `_private` or dot names. */
function staticFile(base: string, path: string): string | undefined {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.') || s.startsWith('_') || s.includes('\0') || s.includes(sep))) return undefined;
  const rel = segments.join('/');
  const candidates = path.endsWith('/') || rel === '' ? [join(rel, 'index.html')] : [rel, `${rel}.html`, join(rel, 'index.html')];
  for (const c of candidates) {
    const full = join(base, c);
    if (!full.startsWith(base + sep)) continue;
    if (existsSync(full) && statSync(full).isFile()) return full;
  }
  return undefined;
}

function fileResponse(full: string, status: number, contentType?: string): DemoResponse {
  const type = contentType ?? contentTypeFor(full);
  return { status, headers: { 'content-type': type }, body: readFileSync(full), rewrite: isTextType(type) };
}

/**
 * The response for one GET of `target` (path and query) on `hostHeader`. Pure apart from reading
 * files; HEAD is the same response without its body.
 */
export function respond(sites: DemoSites, hostHeader: string | undefined, target: string): DemoResponse {
  const host = normaliseHost(hostHeader);
  const group = sites.byHost.get(host);
  if (!group) return errorPage(421);

  let url: URL;
  try {
    url = new URL(target, 'http://placeholder');
  } catch {
    return errorPage(404, host);
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return errorPage(404, host);
  }

  for (const route of group.routes) {
    if (route.host !== host || !matchRoute(route, path, url.searchParams)) continue;
    const extra = route.headers ?? {};
    if (route.redirect !== undefined) {
      const location = route.redirect.replace('{path}', url.pathname + url.search);
      const status = route.status ?? 301;
      const body = Buffer.from(`<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dipindahkan</title></head><body><p>Halaman ini telah dipindahkan ke <a href="${escapeHtml(location)}">${escapeHtml(location)}</a>.</p></body></html>\n`);
      return { status, headers: { 'content-type': 'text/html; charset=utf-8', location, ...extra }, body, rewrite: true };
    }
    if (route.json !== undefined) {
      const body = Buffer.from(JSON.stringify(route.json, null, 2) + '\n', 'utf8');
      return { status: route.status ?? 200, headers: { 'content-type': route.contentType ?? 'application/json; charset=utf-8', ...extra }, body, rewrite: true };
    }
    const status = route.status ?? 200;
    let file: string | undefined;
    if (route.file !== undefined) {
      file = resolve(group.dir, route.file);
      if (!file.startsWith(group.dir + sep) || !existsSync(file)) throw new Error(`${group.id}: route ${route.path}: missing file ${route.file}`);
    } else if (route.charset !== undefined) {
      file = staticFile(join(group.dir, host), path);
    }
    if (file === undefined) {
      const page = errorPage(status, host);
      return { ...page, headers: { ...page.headers, ...extra } };
    }
    const type = route.contentType ?? (route.charset ? `text/html; charset=${route.charset}` : undefined);
    const res = fileResponse(file, status, type);
    return { ...res, headers: { ...res.headers, ...extra } };
  }

  const file = staticFile(join(group.dir, host), path);
  if (!file) return errorPage(404, host);
  return fileResponse(file, 200);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces `http://<host>` by `http://<host>:<port>` for every served host. Works on bytes read as
 * latin1, so a windows-1252 or UTF-8 body keeps every other byte unchanged.
 */
export function makeRewriter(hosts: Iterable<string>, port: number): (text: string) => string {
  const list = [...hosts].sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (list.length === 0) return (t) => t;
  // The host must end here: not followed by another name character, a dotted label, or a port.
  const re = new RegExp(`http://(${list.join('|')})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9]|:)`, 'g');
  return (text) => text.replace(re, (_m, h: string) => `http://${h}:${port}`);
}

export function rewriteBody(body: Buffer, rewrite: (text: string) => string): Buffer {
  return Buffer.from(rewrite(body.toString('latin1')), 'latin1');
}
