// The contract's CSV files of one run, written from the cities' outcomes (and the history store for
// the application columns that depend on earlier runs).
import { join } from 'node:path';
import type { LinkProblem } from '../crawl/index.ts';
import type { PageRecord } from '../gather/city-facts.ts';
import { summariseApps, summariseKinds, type AppResult } from '../apps/index.ts';
import { APPLICATION_COLUMN_NAMES, applicationRow } from '../report/applications.ts';
import { CRITERIA_COLUMNS, cityScoreCells, criteriaRows, scoreColumns, type Rubric } from '../score/index.ts';
import type { Store } from '../store/index.ts';
import { AUDIT_COLUMNS, AUDIT_EXTRA_COLUMNS } from '../audit/types.ts';
import { writeCsv, type Cell } from '../report/csv.ts';
import { LINKS_COLUMNS, PAGES_COLUMNS, columnNames } from '../report/columns.ts';
import type { CityOutcome } from './city-outcome.ts';
import type { CityCrawl } from './crawl-city.ts';
import type { RunSettings } from './settings.ts';
import { withProvenance, type ProvenanceLookup } from './provenance.ts';

/** cities.csv: the contract's columns, with the rubric's criteria in place of the seven defaults. */
export function cityColumns(rubric: Rubric): string[] {
  return [
    'run_id', 'city_id', 'city_name', 'portal_url', 'crawled_at', 'pages_crawled',
    ...scoreColumns(rubric),
    'phase', 'phase_reason', 'apps_total', 'apps_active', 'apps_stale', 'apps_inactive', 'broken_links',
    'apps_unknown', 'flagged_pages', 'websites_total', 'platforms_total', 'mobile_apps_total',
    // Added at the end (contract.md): the run's vantage check found the outside network down.
    'degraded',
    // Then whether the portal answered at all (a census's first crawl confirms its hosts with it).
    'portal_reachable',
  ];
}

/** One judged city's rows of the run's CSV files; kept in the store so a report can be written from it. */
export interface CityFileRows {
  city: Record<string, Cell>;
  criteria: Array<Record<string, Cell>>;
  pages: Array<Record<string, Cell>>;
  links: Array<Record<string, Cell>>;
  /** applications.csv rows need the history as of the run, which is read when they are written. */
  apps: AppResult[];
  audits: Array<Record<string, Cell>>;
}

export function cityFileRows(runId: string, c: CityOutcome): CityFileRows {
  return {
    city: cityRow(runId, c),
    criteria: criteriaRows(runId, c.target.id, c.evaluation) as unknown as Array<Record<string, Cell>>,
    pages: c.facts.pages.map((r) => pageRow(runId, c.target.id, r)),
    links: c.links.map((l) => linkRow(runId, c.target.id, l)),
    apps: c.apps,
    audits: c.audits.map((a) => ({ ...a }) as Record<string, Cell>),
  };
}

export async function writeRunFiles(
  dir: string,
  settings: RunSettings,
  rubric: Rubric,
  cities: CityOutcome[],
  partial: Array<{ target: { id: string }; crawl: CityCrawl }>,
  store: Store,
  /** Each page's WARC record and archive capture (--warc, --from-warc, --at); see provenance.ts. */
  provenance?: ProvenanceLookup,
): Promise<void> {
  const runId = settings.runId;
  const partialRows = partial.map((p) => withProvenance({
    pages: p.crawl.facts.pages.map((r) => pageRow(runId, p.target.id, r)),
    links: p.crawl.links.map((l) => linkRow(runId, p.target.id, l)),
  }, provenance));
  const cityRows = cities.map((c) => withProvenance(cityFileRows(runId, c), provenance));
  await writeRunFilesFromRows(dir, { runId, bom: settings.bom, lighthouse: settings.lighthouse }, rubric, cityRows, partialRows, store);
}

/** The run's CSV files from the cities' rows: those of a finished crawl, or those kept in the store. */
export async function writeRunFilesFromRows(
  dir: string,
  opts: { runId: string; bom: boolean; lighthouse: boolean },
  rubric: Rubric,
  cities: readonly CityFileRows[],
  partial: ReadonlyArray<Pick<CityFileRows, 'pages' | 'links'>>,
  store: Store,
): Promise<void> {
  const { runId } = opts;
  const csv = { bom: opts.bom };
  await writeCsv(join(dir, 'pages.csv'), columnNames(PAGES_COLUMNS), [...cities.flatMap((c) => c.pages), ...partial.flatMap((p) => p.pages)], csv);
  await writeCsv(join(dir, 'links.csv'), columnNames(LINKS_COLUMNS), [...cities.flatMap((c) => c.links), ...partial.flatMap((p) => p.links)], csv);
  await writeCsv(join(dir, 'cities.csv'), cityColumns(rubric), cities.map((c) => c.city), csv);
  await writeCsv(join(dir, 'criteria.csv'), CRITERIA_COLUMNS, cities.flatMap((c) => c.criteria), csv);
  const appRows = [];
  for (const c of cities) {
    const history = await store.appHistory(runId, String(c.city.city_id));
    appRows.push(...c.apps.map((a) => applicationRow(runId, a, history.get(a.key))));
  }
  await writeCsv(join(dir, 'applications.csv'), APPLICATION_COLUMN_NAMES, appRows, csv);
  if (opts.lighthouse) await writeCsv(join(dir, 'audits.csv'), [...AUDIT_COLUMNS, ...AUDIT_EXTRA_COLUMNS], cities.flatMap((c) => c.audits), csv);
}

function cityRow(runId: string, c: CityOutcome): Record<string, Cell> {
  return {
    run_id: runId,
    city_id: c.target.id,
    city_name: c.target.name,
    portal_url: c.target.portal,
    crawled_at: c.crawledAt,
    pages_crawled: c.facts.pages.filter((p) => p.kind === 'page').length,
    ...cityScoreCells(c.evaluation),
    ...summariseApps(c.apps),
    ...summariseKinds(c.apps),
    broken_links: c.brokenLinks,
    flagged_pages: c.flaggedPages,
    degraded: c.degraded === true,
    portal_reachable: c.facts.reachable,
  };
}

export function pageRow(runId: string, cityId: string, p: PageRecord): Record<string, Cell> {
  return {
    run_id: runId,
    city_id: cityId,
    url: p.url,
    http_status: p.status,
    content_type: p.contentType,
    bytes: p.bytes,
    rendered: p.rendered,
    title: p.title,
    newest_date: p.newestDate ?? '',
    flags: p.flags.join(' '),
    depth: p.depth,
    reason: p.reason,
    final_url: p.finalUrl !== p.url ? p.finalUrl : '',
    kind: p.kind,
    blocked_requests: p.blockedRequests ?? 0,
    newest_date_text: p.newestDateText ?? '',
  };
}

function linkRow(runId: string, cityId: string, l: LinkProblem): Record<string, Cell> {
  return {
    run_id: runId,
    city_id: cityId,
    source_url: l.sourceUrl,
    target_url: l.targetUrl,
    status: l.status,
    reason: l.reason,
    http_status: l.httpStatus,
  };
}
