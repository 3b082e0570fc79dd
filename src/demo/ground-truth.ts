// What a correct, polite crawl of each demo portal must find, computed by walking the portal files
// through the same `respond()` the server uses. Nothing here is hand-listed, so the truth follows the
// pages when someone edits them.
//
// URLs are written without the server's port (`http://www.sukamajukota.go.id/berita/`); compare a
// crawled URL after dropping its port (`fromServed`).

import * as cheerio from 'cheerio';
import {
  DEFAULT_PORTALS_ROOT,
  inCityScope,
  loadDemoSites,
  respond,
  type DemoApp,
  type DemoCity,
  type DemoPhase,
  type DemoSites,
} from './site.ts';

export interface LinkPair {
  /** The page the link is on (final URL of that page). */
  source: string;
  /** The link target as written, made absolute, without fragment. */
  target: string;
  /**
   * Final HTTP status after redirects; 0 when the host is not served anywhere: a crawler that refuses
   * unmapped hosts reports it as `dns` (broken, or `skipped` when it never tried).
   */
  status: number;
  /** contract.md reason: `http_404`, `http_500`, `dns`. */
  reason: string;
}

export interface RedirectHop {
  from: string;
  to: string;
  status: number;
}

export interface RobotsRules {
  allow: string[];
  disallow: string[];
  sitemaps: string[];
}

export interface CityTruth {
  id: string;
  name: string;
  province: string;
  phase: DemoPhase;
  portal: string;
  domains: string[];
  /** In-scope HTML pages answering 200, reached from the home page by links (depth ≤ maxDepth) or from the sitemaps. */
  pages: string[];
  /** The subset of `pages` reached by links alone. */
  linkedPages: string[];
  /** Pages listed in a sitemap that no crawled page links to. */
  sitemapOnly: string[];
  /** Link depth of every page (sitemap entries count as depth 1). */
  depth: Record<string, number>;
  /** In-scope non-HTML files (pdf, csv, json, xlsx, ...) linked from pages and answering 200. */
  documents: string[];
  /** In-scope URLs that crawled pages link to but robots.txt disallows; a polite crawler never requests them. */
  disallowed: string[];
  /** robots.txt rules for `User-agent: *`, per in-scope host that has one. */
  robots: Record<string, RobotsRules>;
  /** Sitemap files read (index and children). */
  sitemaps: string[];
  /** Links from crawled pages to in-scope URLs that end in an error (or an unserved in-scope host). */
  brokenInternal: LinkPair[];
  /** Links from crawled pages to other sites that end in an error, or whose host is not served at all. */
  brokenExternal: LinkPair[];
  /** Every redirect hop met while walking (in scope or not). */
  redirects: RedirectHop[];
  /** Pages a crawler should flag (e.g. `gambling_spam`). */
  flagged: Array<{ url: string; flag: string }>;
  applications: DemoApp[];
}

export interface TruthOptions {
  root?: string;
  /** Default 5, as the crawler's default. */
  maxDepth?: number;
}

/** Drops the port of a served URL: "http://h:1234/x" → "http://h/x". */
export function fromServed(url: string): string {
  const u = new URL(url);
  u.port = '';
  return u.toString();
}

interface Fetched {
  url: string; // final
  status: number; // 0: host not served
  contentType: string;
  body?: Buffer;
  hops: RedirectHop[];
}

function normalise(u: URL): string {
  u.hash = '';
  u.port = '';
  return u.toString();
}

function fetchVirtual(sites: DemoSites, start: string): Fetched {
  const hops: RedirectHop[] = [];
  let url = start;
  const seen = new Set<string>();
  for (let i = 0; i < 10; i++) {
    const u = new URL(url);
    if (!sites.byHost.has(u.hostname)) return { url, status: 0, contentType: '', hops };
    const res = respond(sites, u.hostname, u.pathname + u.search);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      const next = normalise(new URL(location, url));
      hops.push({ from: url, to: next, status: res.status });
      if (seen.has(next)) return { url: next, status: res.status, contentType: '', hops };
      seen.add(url);
      url = next;
      continue;
    }
    return { url, status: res.status, contentType: res.headers['content-type'] ?? '', body: res.body, hops };
  }
  return { url, status: 310, contentType: '', hops };
}

function isHtml(contentType: string): boolean {
  return /^text\/html\b/i.test(contentType);
}

// Only links are read from the decoded text, and they are ASCII; Node 20's TextDecoder decodes
// windows-1252 bytes 0x80-0x9F as Latin-1, which is harmless here but wrong for visible text.
function decode(body: Buffer, contentType: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return body.toString('utf8');
  }
}

/** Absolute http(s) targets of `<a href>` and `<area href>`, fragments removed, in document order. */
export function extractLinks(html: string, base: string): string[] {
  const $ = cheerio.load(html);
  const out: string[] = [];
  $('a[href], area[href]').each((_i, el) => {
    const href = ($(el).attr('href') ?? '').trim();
    if (!href || href.startsWith('#')) return;
    let u: URL;
    try {
      u = new URL(href, base);
    } catch {
      return;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
    out.push(normalise(u));
  });
  return out;
}

/** `User-agent: *` group of a robots.txt (enough for the demo files: Allow, Disallow, Sitemap). */
export function parseRobots(text: string): RobotsRules {
  const rules: RobotsRules = { allow: [], disallow: [], sitemaps: [] };
  let agents: string[] = [];
  let inRules = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (key === 'sitemap') {
      rules.sitemaps.push(value);
    } else if (key === 'user-agent') {
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
    } else if (key === 'allow' || key === 'disallow') {
      inRules = true;
      if (!agents.includes('*') || value === '') continue;
      rules[key].push(value);
    }
  }
  return rules;
}

function ruleMatches(rule: string, path: string): boolean {
  const anchored = rule.endsWith('$');
  const body = anchored ? rule.slice(0, -1) : rule;
  const re = new RegExp('^' + body.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + (anchored ? '$' : ''));
  return re.test(path);
}

/** Longest matching rule wins; Allow wins a tie (Google's and RFC 9309's reading). */
export function robotsAllows(rules: RobotsRules | undefined, pathAndQuery: string): boolean {
  if (!rules) return true;
  let best = -1;
  let allowed = true;
  for (const [list, verdict] of [[rules.disallow, false], [rules.allow, true]] as const) {
    for (const r of list) {
      if (!ruleMatches(r, pathAndQuery)) continue;
      if (r.length > best || (r.length === best && verdict)) {
        best = r.length;
        allowed = verdict;
      }
    }
  }
  return allowed;
}

function readSitemaps(sites: DemoSites, first: string[], read: string[]): string[] {
  const pages: string[] = [];
  const queue = [...first];
  const seen = new Set<string>();
  while (queue.length && seen.size < 50) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = fetchVirtual(sites, url);
    if (res.status !== 200 || !res.body) continue;
    read.push(res.url);
    const xml = res.body.toString('utf8');
    const locs = [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => normalise(new URL(m[1]!.replace(/&amp;/g, '&'))));
    if (/<sitemapindex\b/.test(xml)) queue.push(...locs);
    else pages.push(...locs);
  }
  return pages;
}

interface Walk {
  pages: Map<string, number>;
  documents: Set<string>;
  disallowed: Set<string>;
  links: Array<{ source: string; target: string }>;
  redirects: RedirectHop[];
}

function walk(sites: DemoSites, city: DemoCity, seeds: Array<[string, number]>, maxDepth: number, robots: Map<string, RobotsRules | undefined>): Walk {
  const robotsFor = (host: string) => {
    if (!robots.has(host)) {
      const res = fetchVirtual(sites, `http://${host}/robots.txt`);
      // A robots.txt that redirects to an HTML page (a moved LPSE) has no rules.
      const ok = res.status === 200 && res.body && /^text\/plain\b/i.test(res.contentType);
      robots.set(host, ok ? parseRobots(res.body!.toString('utf8')) : undefined);
    }
    return robots.get(host);
  };
  const result: Walk = { pages: new Map(), documents: new Set(), disallowed: new Set(), links: [], redirects: [] };
  const visited = new Set<string>();
  const hopSeen = new Set<string>();
  // One bucket per depth, processed in order, so each page gets its smallest depth.
  const buckets: string[][] = Array.from({ length: maxDepth + 1 }, () => []);
  for (const [u, d] of seeds) if (d <= maxDepth) buckets[d]!.push(u);
  for (let depth = 0; depth <= maxDepth; depth++) {
    for (const url of buckets[depth]!) {
      if (visited.has(url)) continue;
      visited.add(url);
      const u = new URL(url);
      if (!inCityScope(city, u.hostname)) continue;
      if (!robotsAllows(robotsFor(u.hostname), u.pathname + u.search)) {
        result.disallowed.add(url);
        continue;
      }
      const res = fetchVirtual(sites, url);
      for (const h of res.hops) {
        const key = `${h.from} ${h.to}`;
        if (!hopSeen.has(key)) {
          hopSeen.add(key);
          result.redirects.push(h);
        }
      }
      const final = new URL(res.url);
      if (res.status !== 200 || !inCityScope(city, final.hostname)) continue;
      if (res.url !== url && !robotsAllows(robotsFor(final.hostname), final.pathname + final.search)) {
        result.disallowed.add(res.url);
        continue;
      }
      if (!isHtml(res.contentType)) {
        result.documents.add(res.url);
        continue;
      }
      if (result.pages.has(res.url)) continue;
      result.pages.set(res.url, depth);
      if (depth >= maxDepth || !res.body) continue;
      for (const target of extractLinks(decode(res.body, res.contentType), res.url)) {
        result.links.push({ source: res.url, target });
        buckets[depth + 1]!.push(target);
      }
    }
  }
  return result;
}

export function computeGroundTruth(sites: DemoSites, city: DemoCity, opts: TruthOptions = {}): CityTruth {
  const maxDepth = opts.maxDepth ?? 5;
  const portal = normalise(new URL(city.portal));
  const robots = new Map<string, RobotsRules | undefined>();

  const linked = walk(sites, city, [[portal, 0]], maxDepth, robots);

  const portalHost = new URL(portal).hostname;
  const portalRobots = robots.get(portalHost);
  const sitemapRead: string[] = [];
  const sitemapStarts = portalRobots?.sitemaps.length ? portalRobots.sitemaps.map((s) => normalise(new URL(s))) : [`http://${portalHost}/sitemap.xml`];
  const fromSitemaps = readSitemaps(sites, sitemapStarts, sitemapRead).filter((u) => inCityScope(city, new URL(u).hostname));
  const full = walk(sites, city, [[portal, 0], ...fromSitemaps.map((u): [string, number] => [u, 1])], maxDepth, robots);

  const linkedTargets = new Set(full.links.map((l) => l.target));
  const brokenInternal: LinkPair[] = [];
  const brokenExternal: LinkPair[] = [];
  const checked = new Map<string, Fetched>();
  const pairSeen = new Set<string>();
  for (const { source, target } of full.links) {
    const key = `${source} ${target}`;
    if (pairSeen.has(key)) continue;
    pairSeen.add(key);
    const t = new URL(target);
    const internal = inCityScope(city, t.hostname);
    if (internal && full.disallowed.has(target)) continue;
    let res = checked.get(target);
    if (!res) {
      res = fetchVirtual(sites, target);
      checked.set(target, res);
    }
    if (res.status !== 0 && res.status < 400) continue;
    const pair: LinkPair = { source, target, status: res.status, reason: res.status === 0 ? 'dns' : `http_${res.status}` };
    (internal ? brokenInternal : brokenExternal).push(pair);
  }

  const sorted = (xs: Iterable<string>) => [...xs].sort();
  const robotsOut: Record<string, RobotsRules> = {};
  for (const [h, r] of robots) if (r && inCityScope(city, h)) robotsOut[h] = r;
  return {
    id: city.id,
    name: city.name,
    province: city.province,
    phase: city.phase,
    portal,
    domains: [...city.domains],
    pages: sorted(full.pages.keys()),
    linkedPages: sorted(linked.pages.keys()),
    sitemapOnly: sorted([...full.pages.keys()].filter((p) => !linked.pages.has(p) && !linkedTargets.has(p))),
    depth: Object.fromEntries([...full.pages.entries()].sort()),
    documents: sorted(full.documents),
    disallowed: sorted(full.disallowed),
    robots: robotsOut,
    sitemaps: sitemapRead,
    brokenInternal,
    brokenExternal,
    redirects: full.redirects,
    flagged: city.flagged,
    applications: city.applications,
  };
}

/** Ground truth of every demo city, in folder order. */
export function demoGroundTruth(opts: TruthOptions = {}): CityTruth[] {
  const sites = loadDemoSites(opts.root ?? DEFAULT_PORTALS_ROOT);
  return sites.cities.map((c) => computeGroundTruth(sites, c, opts));
}

/** Ground truth of one demo city. */
export function groundTruth(cityId: string, opts: TruthOptions = {}): CityTruth {
  const sites = loadDemoSites(opts.root ?? DEFAULT_PORTALS_ROOT);
  const city = sites.cities.find((c) => c.id === cityId);
  if (!city) throw new Error(`unknown demo city "${cityId}" (known: ${sites.cities.map((c) => c.id).join(', ')})`);
  return computeGroundTruth(sites, city, opts);
}
