// One city: crawl its portal, gather facts from every page, journal everything as it arrives.
import { join } from 'node:path';
import { crawlSite, type HttpPool, type LinkProblem, type CrawlSummary } from '../crawl/index.ts';
import type { DiscoveredLink } from '../crawl/types.ts';
import type { CityFacts, PageRecord } from '../gather/city-facts.ts';
import type { PageFacts } from '../gather/types.ts';
import type { Target } from '../config/targets.ts';
import { createRenderStep } from '../render/step.ts';
import type { Renderer } from '../render/types.ts';
import { Journal, readJournal } from './journal.ts';
import { analyseInPool } from './gather-pool.ts';
import type { RunSettings } from './settings.ts';

export interface CityCrawl {
  facts: CityFacts;
  links: LinkProblem[];
  summary: CrawlSummary;
  /** True when the journal already held a finished crawl of this city (resume). */
  fromJournal: boolean;
}

export interface CityProgress {
  cityId: string;
  fetched: number;
  queued: number;
  failed: number;
  url: string;
}

const FOLLOWED_KINDS = new Set(['internal', 'external', 'document', 'social', 'whatsapp']);

export function linksToFollow(facts: PageFacts): DiscoveredLink[] {
  const out: DiscoveredLink[] = [];
  for (const link of facts.links) {
    if (!FOLLOWED_KINDS.has(link.kind) || !/^https?:/i.test(link.href)) continue;
    out.push(link.kind === 'document' ? { href: link.href, document: true } : { href: link.href });
  }
  return out;
}

export function journalFile(dir: string, cityId: string): string {
  return join(dir, 'journal', `${cityId}.jsonl`);
}

export async function crawlCity(
  target: Target,
  settings: RunSettings,
  dir: string,
  pool: HttpPool,
  now: Date,
  signal: AbortSignal | undefined,
  renderer: Renderer | undefined,
  onProgress?: (p: CityProgress) => void,
): Promise<CityCrawl> {
  const file = journalFile(dir, target.id);
  const pages = new Map<string, PageRecord>();
  const links = new Map<string, LinkProblem>();
  const resume: Array<{ url: string; depth: number; links: DiscoveredLink[] }> = [];
  let finished: CrawlSummary | undefined;

  const keepLink = (p: LinkProblem) => links.set(`${p.sourceUrl}\n${p.targetUrl}`, p);
  for (const entry of settings.resume ? await readJournal(file) : []) {
    if (entry.t === 'page') {
      pages.set(entry.record.url, entry.record);
      resume.push({ url: entry.record.url, depth: entry.record.depth, links: entry.links });
    } else if (entry.t === 'link') keepLink(entry.problem);
    else finished = entry.summary;
  }

  const domains = target.domains ?? [];
  const cityFacts = (portalReason: string): CityFacts => {
    const records = [...pages.values()];
    const home = records.find((r) => r.depth === 0);
    return {
      cityId: target.id,
      cityName: target.name,
      portal: target.portal,
      domains,
      reachable: Boolean(home?.facts) && (home?.status ?? 0) < 400,
      portalReason: home?.reason ?? portalReason,
      now,
      pages: records,
    };
  };
  if (finished) return { facts: cityFacts(finished.portalReason), links: [...links.values()], summary: finished, fromJournal: true };

  const gather = (html: string, url: string) => analyseInPool({ html, url, portal: target.portal, domains, now: now.getTime() });
  // One render step per city: whether a site builds its pages in the browser is learnt from its home page.
  const step = createRenderStep({ mode: settings.render, renderer, gather });
  const journal = await Journal.open(file);
  let summary: CrawlSummary;
  try {
    summary = await crawlSite<{ facts: PageFacts; rendered: boolean; links: DiscoveredLink[] }>({
      portal: target.portal,
      domains: target.domains,
      options: settings.crawl,
      pool,
      signal,
      resume,
      analyse: async (page, depth) => {
        const result = await step(page, depth);
        const links = linksToFollow(result.facts);
        return { links, data: { facts: result.facts, rendered: result.render.rendered, links } };
      },
      onPage: (visit) => {
        const record: PageRecord = {
          url: visit.url,
          finalUrl: visit.fetch.finalUrl,
          depth: visit.depth,
          status: visit.fetch.status,
          reason: visit.fetch.reason,
          contentType: visit.fetch.contentType,
          bytes: visit.fetch.bytes,
          kind: visit.kind,
          rendered: visit.data?.rendered ?? false,
          facts: visit.data?.facts,
        };
        pages.set(record.url, record);
        journal.write({ t: 'page', record, links: visit.data?.links ?? [] });
      },
      onLink: (problem) => {
        keepLink(problem);
        journal.write({ t: 'link', problem });
      },
      onProgress: onProgress ? (p) => onProgress({ cityId: target.id, ...p }) : undefined,
    });
    if (!summary.stoppedBy || summary.stoppedBy === 'max_pages') journal.write({ t: 'done', summary });
  } finally {
    await journal.close();
  }
  return { facts: cityFacts(summary.portalReason), links: [...links.values()], summary, fromJournal: false };
}
