// One definition of every output column: the CSV writers take their column order from here,
// and the data dictionary and dataset schemas are generated from the same entries.

export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'date';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  description: string;
  unit?: string;
  /** Allowed words, for enumerations. */
  values?: readonly string[];
}

export const REASON_WORDS = [
  'ok', 'http_<code>', 'dns', 'tls', 'timeout', 'connection_refused', 'connection_reset', 'soft_404',
  'default_page', 'parked', 'redirect_home', 'redirect_loop', 'redirect_chain', 'stale_content',
  'robots_disallowed', 'blocked', 'too_large', 'private_address', 'bad_url', 'error', 'trap',
  'too_many_redirects', 'network', 'dns_temporary', 'not_checked', 'not_in_warc', 'no_capture',
] as const;

export const RUN_ID: ColumnDef = { name: 'run_id', type: 'string', description: 'Identifier of the run (UTC timestamp unless --run-id was given).' };
export const CITY_ID: ColumnDef = { name: 'city_id', type: 'string', description: 'City id from the targets file.' };
const CITY_NAME: ColumnDef = { name: 'city_name', type: 'string', description: 'City name from the targets file.' };

export const PAGES_COLUMNS: readonly ColumnDef[] = [
  RUN_ID,
  CITY_ID,
  { name: 'url', type: 'string', description: 'URL that was fetched (normalised).' },
  { name: 'http_status', type: 'integer', description: 'HTTP status of the final response; 0 when no response arrived.' },
  { name: 'content_type', type: 'string', description: 'Media type of the response, without parameters.' },
  { name: 'bytes', type: 'integer', unit: 'bytes', description: 'Body size read, or the announced size of a document whose body was not downloaded.' },
  { name: 'rendered', type: 'boolean', description: 'true when the page was rendered in a browser before its facts were gathered.' },
  { name: 'title', type: 'string', description: 'Page title.' },
  { name: 'newest_date', type: 'date', description: 'Newest plausible date found on the page (YYYY-MM-DD), empty when none.' },
  { name: 'flags', type: 'string', description: 'Space-separated flags raised on the page: gambling_spam (injected gambling links, removed before judging), spam_page (the whole page is spam, not judged), defacement (not judged).' },
  // Added after the contract's columns (additive).
  { name: 'depth', type: 'integer', description: 'Clicks from the portal home page (sitemap URLs count as depth 1).' },
  { name: 'reason', type: 'string', values: REASON_WORDS, description: 'Reason word for the fetch outcome (ok, http_404, timeout, ...).' },
  { name: 'final_url', type: 'string', description: 'URL after redirects, when different from url.' },
  { name: 'kind', type: 'string', values: ['page', 'document'], description: 'page (HTML, parsed) or document (PDF, office file, archive: recorded, not downloaded).' },
  {
    name: 'blocked_requests',
    type: 'integer',
    description:
      'Requests the page tried in the browser (--render, or the home probe) that egovscan refused: methods other than GET/HEAD (form submissions, sendBeacon, API calls), navigating away by itself, WebSockets, popups, and loopback/private addresses. 0 when the page was not opened in a browser.',
  },
  {
    name: 'newest_date_text',
    type: 'string',
    description:
      'What newest_date was read from: the page\'s words around the date (at most 110 characters; for a date printed without a year, "[year from …]" names the date that gave its year), or the tag or URL it came from ("meta: 2024-02-19T10:15:00+07:00", "url: /2024/02/19"). Empty when newest_date is.',
  },
  // Added at the end (additive): where the page's bytes are kept, and where they came from.
  { name: 'warc_file', type: 'string', description: 'With --warc: the file under the run\'s warc/ folder that holds the page\'s response record (under --from-warc: the replayed WARC file). Empty otherwise.' },
  { name: 'warc_offset', type: 'integer', unit: 'bytes', description: 'Offset of that record (its gzip member) in warc_file. Empty without a WARC.' },
  { name: 'warc_record_id', type: 'string', description: 'WARC-Record-ID of the page\'s response record. Empty without a WARC.' },
  { name: 'capture_time', type: 'datetime', description: 'When the page\'s bytes were captured (UTC): under --at the archive\'s capture timestamp; under --warc or --from-warc the WARC-Date of its response record. Empty for a live crawl without --warc.' },
  { name: 'archive_url', type: 'string', description: 'Under --at: the archived copy the page was read from (<archive>/web/<timestamp>id_/<url>). Empty otherwise.' },
];

export const LINKS_COLUMNS: readonly ColumnDef[] = [
  RUN_ID,
  CITY_ID,
  { name: 'source_url', type: 'string', description: 'Page on which the link was found.' },
  { name: 'target_url', type: 'string', description: 'Where the link points.' },
  { name: 'status', type: 'string', values: ['broken', 'redirected', 'blocked', 'skipped', 'unknown'], description: 'What is wrong with the link (unknown: the network failed the check, e.g. an outage or a resolver that could not answer; never counted as broken).' },
  { name: 'reason', type: 'string', values: REASON_WORDS, description: 'Reason word (http_404, dns, timeout, robots_disallowed, ...).' },
  { name: 'http_status', type: 'integer', description: 'HTTP status of the target (first hop for redirected links); 0 when none.' },
];

export function columnNames(cols: readonly ColumnDef[]): string[] {
  return cols.map((c) => c.name);
}

// ---------------------------------------------------------------------------------------------
// The other output files. applications.csv (src/report/applications.ts APPLICATION_COLUMNS) and
// diff-<run-a>.csv (src/report/diff.ts DIFF_COLUMNS) are defined next to their rows; the
// dictionary and the data package take them from there, so every column still has one definition.

export const PHASE_WORDS = ['none', 'presence', 'interaction', 'transaction', 'transformation'] as const;
export const CRITERION_WORDS = ['transparency', 'service', 'efficiency', 'economy', 'aspiration', 'display', 'update'] as const;
export const APP_STATUS_WORDS = ['active', 'stale', 'inactive', 'unknown'] as const;

/** The description of a `score_<criterion>` column; the rubric decides which criteria there are. */
export function scoreColumn(criterion: string): ColumnDef {
  return {
    name: `score_${criterion}`,
    type: 'number',
    unit: 'points (0-100)',
    description: `Score of the criterion "${criterion}": weighted share of the points of its assessed indicators that the portal earned, 0..100; empty when none of its indicators could be assessed.`,
  };
}

/** The description of an `ind_<indicator>` column of comparison.csv. */
export function indicatorColumn(indicator: string): ColumnDef {
  return {
    name: `ind_${indicator}`,
    type: 'integer',
    values: ['0', '1'],
    description: `Indicator "${indicator}" met (1) or not met (0); empty when it was not assessed (see criteria.csv for evidence).`,
  };
}

const SCORE_TOTAL: ColumnDef = { name: 'score_total', type: 'number', unit: 'points (0-100)', description: 'Total score: the criterion scores weighted by the rubric\'s criterion weights, 0..100; empty when the portal could not be assessed.' };
const PHASE: ColumnDef = { name: 'phase', type: 'string', values: PHASE_WORDS, description: 'World Bank e-government phase reached: none (portal unreachable), presence, interaction, transaction, transformation.' };
const APP_COUNTS: readonly ColumnDef[] = [
  { name: 'apps_total', type: 'integer', unit: 'applications', description: 'Applications checked (listed in the targets file or discovered on the portal): entries of kind application in applications.csv; websites, national platforms and mobile apps are counted in websites_total, platforms_total and mobile_apps_total.' },
  { name: 'apps_active', type: 'integer', unit: 'applications', description: 'Applications that work and are maintained.' },
  { name: 'apps_stale', type: 'integer', unit: 'applications', description: 'Applications that answer but show nothing newer than 12 months.' },
  { name: 'apps_inactive', type: 'integer', unit: 'applications', description: 'Applications that cannot be used (DNS, TLS, HTTP error, soft 404, parked, default page, ...).' },
];
/** The inventory's entries that are not applications (applications.csv `kind`); apps_* count applications only. */
const KIND_COUNTS: readonly ColumnDef[] = [
  { name: 'websites_total', type: 'integer', unit: 'websites', description: 'Inventory entries that are an agency, district or village website (applications.csv kind website); not counted in apps_*.' },
  { name: 'platforms_total', type: 'integer', unit: 'platforms', description: 'National platforms the city links to or lists (LAPOR!, OSS, LPSE, SiRUP, JDIHN, ...; kind national_platform); not counted in apps_*.' },
  { name: 'mobile_apps_total', type: 'integer', unit: 'apps', description: 'Mobile apps: Play Store / App Store pages listed in the targets file or linked from the portal (kind app_store); not counted in apps_*.' },
];
const DEGRADED: ColumnDef = { name: 'degraded', type: 'boolean', description: 'true when the run\'s vantage check found the outside network down: what needed it was written unknown / network, and the run is not a judgement of the city\'s applications in the history.' };
const PORTAL_REACHABLE: ColumnDef = { name: 'portal_reachable', type: 'boolean', description: 'true when the portal\'s front page was read: a page answered below HTTP 400, after redirects (the city is judged); false otherwise, with the reason in phase_reason and in the depth-0 row of pages.csv: dns, timeout, connection_refused, tls, ... (no answer) or http_<code> (the host answered with an error).' };
const APPS_UNKNOWN: ColumnDef = { name: 'apps_unknown', type: 'integer', unit: 'applications', description: 'Applications that blocked the check or could not be judged (never counted as inactive).' };
const PAGES_CRAWLED: ColumnDef = {
  name: 'pages_crawled',
  type: 'integer',
  unit: 'pages',
  description: 'HTML pages fetched for the city (pages.csv rows of kind page, failed ones included; documents are not counted).',
};
const BROKEN_LINKS: ColumnDef = { name: 'broken_links', type: 'integer', unit: 'links', description: 'Checked links with status broken (links.csv).' };

/** cities.csv for a rubric with the given criteria (default: the seven Sitokdana criteria). */
export function citiesColumns(criteria: readonly string[] = CRITERION_WORDS): ColumnDef[] {
  return [
    RUN_ID,
    CITY_ID,
    CITY_NAME,
    { name: 'portal_url', type: 'string', description: 'Portal URL from the targets file.' },
    { name: 'crawled_at', type: 'datetime', description: 'When the city\'s crawl ended (ISO 8601, UTC).' },
    PAGES_CRAWLED,
    ...criteria.map(scoreColumn),
    SCORE_TOTAL,
    PHASE,
    { name: 'phase_reason', type: 'string', description: 'Why the city is in this phase and not the next: the requirement of the next phase that is missing, or the reason the portal was unreachable.' },
    ...APP_COUNTS,
    BROKEN_LINKS,
    APPS_UNKNOWN,
    { name: 'flagged_pages', type: 'integer', unit: 'pages', description: 'Pages with a flag raised (e.g. gambling_spam: injected content).' },
    ...KIND_COUNTS,
    DEGRADED,
    PORTAL_REACHABLE,
  ];
}

export const CITIES_COLUMNS: readonly ColumnDef[] = citiesColumns();

export const CRITERIA_CSV_COLUMNS: readonly ColumnDef[] = [
  RUN_ID,
  CITY_ID,
  { name: 'criterion', type: 'string', description: 'Criterion the indicator belongs to: a criterion id of the rubric (default rubric: transparency, service, efficiency, economy, aspiration, display, update).' },
  { name: 'indicator', type: 'string', description: 'Indicator id from the rubric (criteria/*.yaml).' },
  { name: 'met', type: 'boolean', description: 'true when the indicator is met, false when not; empty when it could not be assessed.' },
  { name: 'points', type: 'number', unit: 'points', description: 'Points earned (a share of max_points for graded indicators); empty when not assessed.' },
  { name: 'max_points', type: 'number', unit: 'points', description: 'Points the indicator is worth in the rubric.' },
  { name: 'evidence_url', type: 'string', description: 'Page that earned the indicator (the first evidence), empty when none.' },
  { name: 'evidence_text', type: 'string', description: 'What matched on that page (at most 160 characters), or why the indicator was not met or not assessed.' },
  // Added at the end (additive): the bytes behind the evidence.
  { name: 'warc_record_id', type: 'string', description: 'WARC-Record-ID of the response record of evidence_url in the run\'s warc/ folder (--warc, or the replayed WARC under --from-warc); pages.csv names its file and offset. Empty without a WARC.' },
];

export const AUDITS_COLUMNS: readonly ColumnDef[] = [
  RUN_ID,
  CITY_ID,
  { name: 'url', type: 'string', description: 'Audited page.' },
  { name: 'performance', type: 'number', unit: 'points (0-100)', description: 'Lighthouse performance score.' },
  { name: 'accessibility', type: 'number', unit: 'points (0-100)', description: 'Lighthouse accessibility score.' },
  { name: 'best_practices', type: 'number', unit: 'points (0-100)', description: 'Lighthouse best-practices score.' },
  { name: 'seo', type: 'number', unit: 'points (0-100)', description: 'Lighthouse SEO score.' },
  { name: 'lcp_ms', type: 'number', unit: 'milliseconds', description: 'Largest Contentful Paint.' },
  { name: 'cls', type: 'number', unit: 'unitless', description: 'Cumulative Layout Shift.' },
  { name: 'tbt_ms', type: 'number', unit: 'milliseconds', description: 'Total Blocking Time.' },
  { name: 'axe_violations', type: 'integer', unit: 'rules', description: 'axe-core accessibility rules violated on the page.' },
];

/** comparison.csv: one row per city, wide; the `score_*` and `ind_*` columns follow the rubric. */
export function comparisonColumns(criteria: readonly string[], indicators: readonly string[]): ColumnDef[] {
  return [
    RUN_ID,
    CITY_ID,
    CITY_NAME,
    ...criteria.map(scoreColumn),
    SCORE_TOTAL,
    PHASE,
    { name: 'phase_rank', type: 'integer', values: ['0', '1', '2', '3', '4'], description: 'The phase as a number for sorting and averaging: 0 none, 1 presence, 2 interaction, 3 transaction, 4 transformation.' },
    ...APP_COUNTS,
    APPS_UNKNOWN,
    { name: 'apps_inactive_share', type: 'number', unit: 'share (0-1)', description: 'apps_inactive / (apps_total - apps_unknown): share of the judged applications that are dead; empty when none could be judged.' },
    BROKEN_LINKS,
    PAGES_CRAWLED,
    { name: 'indicators_met', type: 'integer', unit: 'indicators', description: 'Indicators met.' },
    { name: 'indicators_assessed', type: 'integer', unit: 'indicators', description: 'Indicators that could be assessed (met or not met).' },
    ...indicators.map(indicatorColumn),
  ];
}

/** history.csv: one row per city and finished run, oldest run first; `score_*` follow the rubric. */
export function historyColumns(criteria: readonly string[]): ColumnDef[] {
  return [
    RUN_ID,
    { name: 'started_at', type: 'datetime', description: 'When the run started (ISO 8601, UTC).' },
    { name: 'finished_at', type: 'datetime', description: 'When the run finished (ISO 8601, UTC).' },
    { name: 'rubric', type: 'string', description: 'Rubric file the run was scored with (scores from different rubrics are not comparable).' },
    CITY_ID,
    CITY_NAME,
    ...criteria.map(scoreColumn),
    SCORE_TOTAL,
    PHASE,
    { name: 'phase_rank', type: 'integer', values: ['0', '1', '2', '3', '4'], description: 'The phase as a number: 0 none, 1 presence, 2 interaction, 3 transaction, 4 transformation.' },
    ...APP_COUNTS,
    APPS_UNKNOWN,
    BROKEN_LINKS,
    PAGES_CRAWLED,
  ];
}

export const DICTIONARY_COLUMNS: readonly ColumnDef[] = [
  { name: 'file', type: 'string', description: 'Output file the column belongs to (diff-*.csv stands for every diff file).' },
  { name: 'column', type: 'string', description: 'Column name, as in the file\'s header row.' },
  { name: 'position', type: 'integer', description: 'Position of the column in the file, from 1.' },
  { name: 'meaning', type: 'string', description: 'What the column holds.' },
  { name: 'type', type: 'string', values: ['string', 'integer', 'number', 'boolean', 'datetime', 'date'], description: 'Data type (Frictionless Table Schema type names). Empty cells mean "no value".' },
  { name: 'unit', type: 'string', description: 'Unit of a number, empty when it has none.' },
  { name: 'allowed_words', type: 'string', description: 'The words the column may hold, separated by " | " (empty: free text or a number); <code> stands for a number.' },
  // Added after the contract's columns (additive).
  { name: 'description_id', type: 'string', description: 'What the column holds, in Indonesian (meaning is in English).' },
];
