// One city: crawl its portal, gather facts from every page, journal everything as it arrives.
import { join } from 'node:path';
import { crawlSite, type HttpPool, type LinkProblem, type CrawlSummary, type Outcome, type ResumedPage, type SitemapDiscovery } from '../crawl/index.ts';
import { withoutSessionIds } from '../crawl/normalize.ts';
import type { RobotsAnswer } from '../crawl/robots.ts';
import type { DiscoveredLink, Reason } from '../crawl/types.ts';
import { pageRecord, type CityFacts, type PageEntry, type PageRecord, type ReadPage } from '../gather/city-facts.ts';
import type { PageFacts } from '../gather/types.ts';
import type { Target } from '../config/targets.ts';
import { createRenderStep } from '../render/step.ts';
import type { Renderer } from '../render/types.ts';
import { Journal, journalEntries } from './journal.ts';
import { analyseInPool } from './gather-pool.ts';
import { fingerprintOf } from './facts-fingerprint.ts';
import { factsJsonOf } from './facts-json.ts';
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
  /** The pages of this crawl (fetched, or replayed from the journal), by URL. */
  const pages = new Map<string, PageRecord>();
  /** Each page's position in the crawl's order: the output files are written in it. */
  const orders = new Map<string, number>();
  const links = new Map<string, LinkProblem>();
  const keepLink = (p: LinkProblem) => links.set(`${p.sourceUrl}\n${p.targetUrl}`, p);

  // What an interrupted run journalled. Its pages and answers stand in for the network when the
  // crawl is run again; the link problems are not taken from it but found again by the replay, so
  // that a resumed run reports exactly what an uninterrupted one would.
  const journalled = new Map<string, PageRecord>();
  const resume: ResumedPage[] = [];
  const answers = new Map<string, Outcome | null>();
  const journalledLinks = new Map<string, LinkProblem>();
  let sitemap: SitemapDiscovery | undefined;
  const robotsAnswers = new Map<string, RobotsAnswer>();
  let finished: CrawlSummary | undefined;
  if (settings.resume) {
    for await (const entry of journalEntries(file)) {
      if (entry.t === 'page') {
        const r = entry.record;
        if (journalled.has(r.url)) continue;
        journalled.set(r.url, pageRecord(r));
        if (entry.order !== undefined) orders.set(r.url, entry.order);
        resume.push({
          url: entry.req ?? r.url, finalUrl: r.url, depth: r.depth, links: entry.links ?? (r.facts ? linksToFollow(r.facts) : []), status: r.status,
          reason: r.reason as Reason, contentType: r.contentType, bytes: r.bytes, kind: r.kind, fingerprint: entry.fp,
        });
      } else if (entry.t === 'link') journalledLinks.set(`${entry.problem.sourceUrl}\n${entry.problem.targetUrl}`, entry.problem);
      else if (entry.t === 'answer') answers.set(entry.url, entry.outcome);
      else if (entry.t === 'sitemap') sitemap = entry.found;
      else if (entry.t === 'robots') robotsAnswers.set(entry.answer.origin, entry.answer);
      else finished = entry.summary;
    }
  }

  const domains = target.domains ?? [];
  const cityFacts = (portalReason: string): CityFacts => {
    const rank = (url: string) => orders.get(url) ?? Number.MAX_SAFE_INTEGER;
    const records = [...pages.values()].sort((a, b) => rank(a.url) - rank(b.url));
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
  /** Link problems in the crawl's order: by the page they are on, then by target. */
  const linkList = (): LinkProblem[] => {
    const rank = (url: string) => orders.get(url) ?? Number.MAX_SAFE_INTEGER;
    return [...links.values()].sort(
      (a, b) => rank(a.sourceUrl) - rank(b.sourceUrl) || (a.targetUrl < b.targetUrl ? -1 : a.targetUrl > b.targetUrl ? 1 : 0),
    );
  };
  if (finished) {
    for (const [url, record] of journalled) pages.set(url, record);
    for (const p of journalledLinks.values()) keepLink(p);
    return { facts: cityFacts(finished.portalReason), links: linkList(), summary: finished, fromJournal: true };
  }

  const gather = (html: string, url: string) => analyseInPool({ html, url, portal: target.portal, domains, now: now.getTime() });
  // One render step per city: whether a site builds its pages in the browser is learnt from its home page.
  const step = createRenderStep({ mode: settings.render, renderer, gather });
  const journal = await Journal.open(file);
  let summary: CrawlSummary;
  try {
    summary = await crawlSite<{ facts: PageFacts; rendered: boolean; blocked: number; links: DiscoveredLink[] }>({
      portal: target.portal,
      domains: target.domains,
      options: settings.crawl,
      pool,
      signal,
      resume,
      resumeAnswers: answers,
      resumeSitemap: sitemap,
      resumeRobots: robotsAnswers,
      analyse: async (page, depth) => {
        const result = await step(page, depth);
        // A session id in a link is the visitor's, not the page's: the facts (and the evidence
        // quoted from them) name the link without it.
        for (const link of result.facts.links) link.href = withoutSessionIds(link.href);
        const links = linksToFollow(result.facts);
        return { links, data: { facts: result.facts, rendered: result.render.rendered, blocked: result.render.blocked ?? 0, links }, fingerprint: fingerprintOf(result.facts) };
      },
      onPage: async (visit) => {
        orders.set(visit.url, visit.order);
        if (visit.resumed) {
          const record = journalled.get(visit.url);
          if (record) pages.set(visit.url, record);
          return;
        }
        const entry: PageEntry = {
          url: visit.url,
          finalUrl: visit.fetch.finalUrl,
          depth: visit.depth,
          status: visit.fetch.status,
          // A page whose reading overran the gather budget was fetched but not judged.
          reason: visit.data?.facts.cut?.tooComplexMs !== undefined ? 'too_complex' : visit.fetch.reason,
          contentType: visit.fetch.contentType,
          bytes: visit.fetch.bytes,
          kind: visit.kind,
          rendered: visit.data?.rendered ?? false,
          blockedRequests: visit.data?.blocked ?? 0,
          facts: visit.data?.facts,
        };
        // Only the small record stays in memory; the facts are in the journal.
        pages.set(entry.url, pageRecord(entry));
        await journal.write({
          t: 'page', record: entry, order: visit.order,
          // The links followed are the facts' own (linksToFollow), so they are not written twice.
          ...(entry.facts ? {} : { links: visit.data?.links ?? [] }),
          ...(visit.requested !== visit.url ? { req: visit.requested } : {}),
          ...(visit.fingerprint ? { fp: visit.fingerprint } : {}),
        }, entry.facts ? factsJsonOf(entry.facts) : undefined);
      },
      onLink: async (problem) => {
        const key = `${problem.sourceUrl}\n${problem.targetUrl}`;
        keepLink(problem);
        if (!journalledLinks.has(key)) await journal.write({ t: 'link', problem });
      },
      onAnswer: (url, outcome) => journal.write({ t: 'answer', url, outcome }),
      onSitemap: (found) => journal.write({ t: 'sitemap', found }),
      onRobots: (answer) => journal.write({ t: 'robots', answer }),
      onProgress: onProgress ? (p) => onProgress({ cityId: target.id, ...p }) : undefined,
    });
    if (!summary.stoppedBy || summary.stoppedBy === 'max_pages') await journal.write({ t: 'done', summary });
  } finally {
    await journal.close();
  }
  return { facts: cityFacts(summary.portalReason), links: linkList(), summary, fromJournal: false };
}

/**
 * The read pages of a journalled crawl, in crawl order, with the records kept in memory. A URL
 * journalled twice (a page fetched again after a torn line) counts once.
 */
async function* readPagesFromJournal(file: string, records: ReadonlyMap<string, PageRecord>): AsyncGenerator<ReadPage> {
  const seen = new Set<string>();
  for await (const entry of journalEntries(file, 'page')) {
    if (entry.t !== 'page' || !entry.record.facts || seen.has(entry.record.url)) continue;
    // A page journalled by an interrupted run that this crawl did not reach is not one of its pages.
    const record = records.get(entry.record.url);
    if (!record) continue;
    seen.add(entry.record.url);
    yield { record, facts: entry.record.facts };
  }
}
