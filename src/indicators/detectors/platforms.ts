// National and shared platforms recognised by host: SP4N-LAPOR!, LPSE/SPSE, SIRUP, JDIH, OSS,
// Satu Data. A link to them, a crawled page on them or a form posting to them all count, since
// a city "has" LAPOR! by pointing its citizens there.
import { z } from 'zod';
import { urlParts, urlWords } from '../text.ts';
import type { DetectorKind } from '../types.ts';
import { EvidenceList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';

/**
 * `lapor.go.id` matches the host and hosts under it; `lpse.*` matches hosts starting with `lpse.`;
 * `jdih*` matches a host with a label that starts with `jdih` (jdih.kota.go.id, jdihkota.go.id:
 * cities name the JDIH host both ways).
 */
const hostPattern = z.string().regex(/^(?:(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?|[a-z0-9-]+\*)$/, {
  error: 'must be a host name such as "lapor.go.id", a prefix such as "lpse.*" or a label prefix such as "jdih*"',
});

const schema = z.strictObject({
  kind: z.literal('platforms'),
  hosts: z.array(z.union([hostPattern, z.array(hostPattern).min(1)])).min(1),
  /** Optional path prefix the URL must have, e.g. /eproc4 */
  paths: z.array(z.string().startsWith('/')).min(1).optional(),
  min: minField,
  partial: partialField,
});
export type PlatformsConfig = z.infer<typeof schema>;

export function hostMatches(pattern: string, host: string): boolean {
  return hostMatcher(pattern)(host);
}

/** A host pattern as a test, compiled once. */
function hostMatcher(pattern: string): (host: string) => boolean {
  const p = pattern.replace(/^\*\./, '');
  if (/^[a-z0-9-]+\*$/.test(p)) {
    const label = p.slice(0, -1);
    return (host) => host.split('.').some((l) => l.startsWith(label));
  }
  if (p.endsWith('.*')) {
    const start = p.slice(0, -1);
    const inner = `.${start}`;
    return (host) => host.startsWith(start) || host.includes(inner);
  }
  const sub = `.${p}`;
  return (host) => host === p || host.endsWith(sub);
}

export const platforms: DetectorKind<PlatformsConfig> = {
  kind: 'platforms',
  schema,
  start(c) {
    const groups = c.hosts.map((h) => (typeof h === 'string' ? [h] : h).map(hostMatcher));
    const found = new Set<number>();
    const ev = new EvidenceList();
    // A portal links to the same few hosts from every page: which groups a host meets is asked once.
    const groupsOfHost = new Map<string, number[]>();
    const matching = (host: string): number[] => {
      let hit = groupsOfHost.get(host);
      if (!hit) {
        hit = [];
        for (let gi = 0; gi < groups.length; gi++) if (groups[gi]!.some((m) => m(host))) hit.push(gi);
        groupsOfHost.set(host, hit);
      }
      return hit;
    };
    const check = (href: string, pageUrl: string, shown: string) => {
      const u = urlParts(href);
      if (!u.host) return;
      if (c.paths && !c.paths.some((p) => u.pathname.startsWith(p))) return;
      for (const gi of matching(u.host)) {
        if (found.has(gi)) continue;
        found.add(gi);
        ev.add(pageUrl, shown);
      }
    };
    return {
      page(p) {
        check(p.url, p.url, `page on ${urlWords(p.url)}`);
        for (const l of p.facts.links) if (!l.hidden) check(l.href, p.url, `"${l.text}" → ${l.href}`);
        for (const f of p.facts.forms) check(f.action, p.url, `form → ${f.action}`);
      },
      get settled() {
        return found.size === groups.length;
      },
      finish: () => outcome(found.size, c.min, c.partial, ev, `no link to ${c.hosts.map((h) => (typeof h === 'string' ? h : h[0])).join(', ')}`),
    };
  },
  summary: (c) => `link to or page on ${listSummary(c.hosts, 6, 6)}${c.paths ? ` (paths ${c.paths.join(', ')})` : ''}${minSummary(c.min, c.partial)}`,
};
