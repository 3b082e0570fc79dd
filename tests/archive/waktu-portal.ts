// One portal, www.kotawaktu.go.id, as a web archive holds it at three dates: each time with the
// content of a different example portal (presence in 2015, transaction in 2020, transformation in
// 2025), its host names renamed. /kontak/ was not captured in 2020.
import { DEFAULT_PORTALS_ROOT, loadDemoSites, respond } from '../../src/demo/site.ts';
import type { FakeCapture } from '../support/fake-archive.ts';

export const DOMAIN = 'kotawaktu.go.id';
export const PORTAL = `http://www.${DOMAIN}/`;
export const MISSING_2020 = '/kontak/';
export const DATES = [
  { at: '2015-06-01', ts: '20150603101500', city: 'bukitrawa' },
  { at: '2020-06-01', ts: '20200528083000', city: 'tanjungseruni' },
  { at: '2025-06-01', ts: '20250601120000', city: 'samudrajaya' },
] as const;
export const RANK: Record<string, number> = { none: 0, presence: 1, interaction: 2, transaction: 3, transformation: 4 };
export const TARGET = { id: 'kotawaktu', name: 'Kota Waktu', country: 'ID' as const, portal: PORTAL, domains: [DOMAIN], applications: [] };

export const sites = loadDemoSites(DEFAULT_PORTALS_ROOT);
export const cityDomain = (id: string) => sites.cities.find((c) => c.id === id)!.domains[0]!;

/** What the archive holds of `url`: at each date, the page of that date's example portal, renamed. */
export function captures(url: string): FakeCapture[] {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return [];
  }
  if (u.hostname !== `www.${DOMAIN}` && !u.hostname.endsWith(`.${DOMAIN}`) && u.hostname !== DOMAIN) return [];
  const out: FakeCapture[] = [];
  for (const d of DATES) {
    if (d.city === 'tanjungseruni' && u.pathname === MISSING_2020) continue;
    const own = cityDomain(d.city);
    const r = respond(sites, u.hostname.replace(DOMAIN, own), `${u.pathname}${u.search}`);
    if (r.status === 421) continue;
    const swap = (s: string) => s.split(own).join(DOMAIN);
    const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, swap(v)]));
    const text = /text|html|xml|json/.test(r.headers['content-type'] ?? '');
    out.push({ timestamp: d.ts, status: r.status, headers, body: text ? Buffer.from(swap(r.body.toString('utf8'))) : r.body });
  }
  return out;
}
