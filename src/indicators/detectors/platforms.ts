// National and shared platforms recognised by host: SP4N-LAPOR!, LPSE/SPSE, SIRUP, JDIH, OSS,
// Satu Data. A link to them, a crawled page on them or a form posting to them all count, since
// a city "has" LAPOR! by pointing its citizens there.
import { z } from 'zod';
import { urlWords } from '../text.ts';
import type { DetectorKind } from '../types.ts';
import { EvidenceList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';

/** `lapor.go.id` matches the host and hosts under it; `lpse.*` matches hosts starting with `lpse.`. */
const hostPattern = z.string().regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(\.\*)?$/, {
  error: 'must be a host name such as "lapor.go.id" or a prefix such as "lpse.*"',
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
  const p = pattern.replace(/^\*\./, '');
  if (p.endsWith('.*')) return host.startsWith(p.slice(0, -1)) || host.includes(`.${p.slice(0, -1)}`);
  return host === p || host.endsWith(`.${p}`);
}

export const platforms: DetectorKind<PlatformsConfig> = {
  kind: 'platforms',
  schema,
  start(c) {
    const groups = c.hosts.map((h) => (typeof h === 'string' ? [h] : h));
    const found = new Set<number>();
    const ev = new EvidenceList();
    const check = (href: string, pageUrl: string, shown: string) => {
      let u: URL;
      try {
        u = new URL(href);
      } catch {
        return;
      }
      if (c.paths && !c.paths.some((p) => u.pathname.startsWith(p))) return;
      const h = u.hostname.toLowerCase();
      groups.forEach((g, gi) => {
        if (found.has(gi) || !g.some((p) => hostMatches(p, h))) return;
        found.add(gi);
        ev.add(pageUrl, shown);
      });
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
      finish: () => outcome(found.size, c.min, c.partial, ev, `no link to ${groups.map((g) => g[0]).join(', ')}`),
    };
  },
  summary: (c) => `link to or page on ${listSummary(c.hosts, 6, 6)}${c.paths ? ` (paths ${c.paths.join(', ')})` : ''}${minSummary(c.min, c.partial)}`,
};
