// One city: crawl its portal, gather facts from every page, journal everything as it arrives.
import { join } from 'node:path';
import { crawlSite, type HttpPool, type LinkProblem, type CrawlSummary } from '../crawl/index.ts';
import type { DiscoveredLink } from '../crawl/types.ts';
import { pageRecord, type CityFacts, type PageEntry, type PageRecord, type ReadPage } from '../gather/city-facts.ts';
import type { PageFacts } from '../gather/types.ts';
import type { Target } from '../config/targets.ts';
import { createRenderStep } from '../render/step.ts';
import type { Renderer } from '../render/types.ts';
import { Journal, journalEntries } from './journal.ts';
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
  if (settings.resume) {
    for await (const entry of journalEntries(file)) {
      if (entry.t === 'page') {
        if (!pages.has(entry.record.url)) pages.set(entry.record.url, pageRecord(entry.record));
        resume.push({ url: entry.record.url, depth: entry.record.depth, links: entry.links });
      } else if (entry.t === 'link') keepLink(entry.problem);
      else finished = entry.summary;
    }
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
      reachable: Boolean(home?.read) && (home?.status ?? 0) < 400,
      portalReason: home?.reason ?? portalReason,
      now,
      pages: records,
      readPages: () => readPagesFromJournal(file, pages),
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
      onPage: async (visit) => {
        const entry: PageEntry = {
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
        // Only the small record stays in memory; the facts are in the journal.
        pages.set(entry.url, pageRecord(entry));
        await journal.write({ t: 'page', record: entry, links: visit.data?.links ?? [] });
      },
      onLink: async (problem) => {
        keepLink(problem);
        await journal.write({ t: 'link', problem });
      },
      onProgress: onProgress ? (p) => onProgress({ cityId: target.id, ...p }) : undefined,
    });
    if (!summary.stoppedBy || summary.stoppedBy === 'max_pages') await journal.write({ t: 'done', summary });
  } finally {
    await journal.close();
  }
  return { facts: cityFacts(summary.portalReason), links: [...links.values()], summary, fromJournal: false };
}

/**
 * The read pages of a journalled crawl, in crawl order, with the records kept in memory. A URL
 * journalled twice (a page fetched again after a torn line) counts once.
 */
async function* readPagesFromJournal(file: string, records: ReadonlyMap<string, PageRecord>): AsyncGenerator<ReadPage> {
  const seen = new Set<string>();
  for await (const entry of journalEntries(file)) {
    if (entry.t !== 'page' || !entry.record.facts || seen.has(entry.record.url)) continue;
    seen.add(entry.record.url);
    yield { record: records.get(entry.record.url) ?? pageRecord(entry.record), facts: entry.record.facts };
  }
}
