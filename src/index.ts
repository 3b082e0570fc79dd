// The library: everything the CLI does is available without it.
export { runCrawl, type RunResult, type CityOutcome, type RunHooks } from './run/crawl-run.ts';
export { makeSettings, defaultRunId, DEFAULT_CRAWL, VERSION, USER_AGENT, type RunSettings } from './run/settings.ts';
export { crawlSite, createHttpPool, makeScope, normalizeUrl } from './crawl/index.ts';
export type { CrawlOptions, FetchResult, Reason } from './crawl/types.ts';
export { gatherPage } from './gather/index.ts';
export type { PageFacts } from './gather/types.ts';
export type { CityFacts, PageRecord } from './gather/city-facts.ts';
export { loadTargets, parseTargets, type Target } from './config/targets.ts';
export { InputError } from './config/input-error.ts';
export { toCsv, writeCsv, neutraliseCell } from './report/csv.ts';
export { loadRubric, parseRubric, evaluateCity, criteriaRows, CRITERIA_COLUMNS, cityScoreCells, scoreColumns, type Rubric, type CityEvaluation } from './score/index.ts';
export { buildInventory, checkApplications, applicationRow, APPLICATION_COLUMNS, type AppResult } from './apps/index.ts';
export { openStore, type Store } from './store/index.ts';
export { diffRuns } from './report/diff.ts';
export { writeReport } from './report/write-report.ts';
export { findChromium, createRenderer, looksLikeAppShell } from './render/index.ts';
export { createAuditor, runAudits, pickAuditPages, AUDIT_COLUMNS, type AuditRow } from './audit/index.ts';
export { startPortalServer, type PortalServer } from './demo/portal-server.ts';
