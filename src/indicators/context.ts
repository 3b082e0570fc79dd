import type { CityFacts } from '../gather/city-facts.ts';
import { IndexCache } from './text.ts';
import type { AuditRecord, DetectorContext, FactPage } from './types.ts';

// Content injected by gambling spammers is the attackers', not the city's: it earns nothing.
const COMPROMISED = new Set(['gambling_spam', 'compromised', 'defaced']);

export function makeContext(city: CityFacts, audits?: AuditRecord[]): DetectorContext {
  const pages: FactPage[] = [];
  for (const record of city.pages) {
    if (!record.facts || record.status >= 400) continue;
    if (record.facts.flags.some((f) => COMPROMISED.has(f))) continue;
    pages.push({ record, url: record.finalUrl || record.url, facts: record.facts });
  }
  const home = findHome(city.portal, pages);
  const ctx: DetectorContext = { city, now: city.now, pages, text: new IndexCache() };
  if (home) ctx.home = home;
  if (audits) ctx.audits = audits;
  return ctx;
}

function strip(u: string): string {
  try {
    const x = new URL(u);
    return `${x.host}${x.pathname.replace(/\/+$/, '')}`;
  } catch {
    return u;
  }
}

function findHome(portal: string, pages: FactPage[]): FactPage | undefined {
  const want = strip(portal);
  return (
    pages.find((p) => strip(p.record.url) === want) ??
    pages.find((p) => strip(p.url) === want) ??
    pages.find((p) => p.record.depth === 0) ??
    pages[0]
  );
}
