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
  'robots_disallowed', 'blocked', 'too_large', 'private_address', 'bad_url', 'error',
] as const;

export const PAGES_COLUMNS: readonly ColumnDef[] = [
  { name: 'run_id', type: 'string', description: 'Identifier of the run (UTC timestamp unless --run-id was given).' },
  { name: 'city_id', type: 'string', description: 'City id from the targets file.' },
  { name: 'url', type: 'string', description: 'URL that was fetched (normalised).' },
  { name: 'http_status', type: 'integer', description: 'HTTP status of the final response; 0 when no response arrived.' },
  { name: 'content_type', type: 'string', description: 'Media type of the response, without parameters.' },
  { name: 'bytes', type: 'integer', unit: 'bytes', description: 'Body size read, or the announced size of a document whose body was not downloaded.' },
  { name: 'rendered', type: 'boolean', description: 'true when the page was rendered in a browser before its facts were gathered.' },
  { name: 'title', type: 'string', description: 'Page title.' },
  { name: 'newest_date', type: 'date', description: 'Newest plausible date found on the page (YYYY-MM-DD), empty when none.' },
  { name: 'flags', type: 'string', description: 'Space-separated flags raised on the page, e.g. gambling_spam.' },
  // Added after the contract's columns (additive).
  { name: 'depth', type: 'integer', description: 'Clicks from the portal home page (sitemap URLs count as depth 1).' },
  { name: 'reason', type: 'string', values: REASON_WORDS, description: 'Reason word for the fetch outcome (ok, http_404, timeout, ...).' },
  { name: 'final_url', type: 'string', description: 'URL after redirects, when different from url.' },
  { name: 'kind', type: 'string', values: ['page', 'document'], description: 'page (HTML, parsed) or document (PDF, office file, archive: recorded, not downloaded).' },
];

export const LINKS_COLUMNS: readonly ColumnDef[] = [
  { name: 'run_id', type: 'string', description: 'Identifier of the run.' },
  { name: 'city_id', type: 'string', description: 'City id from the targets file.' },
  { name: 'source_url', type: 'string', description: 'Page on which the link was found.' },
  { name: 'target_url', type: 'string', description: 'Where the link points.' },
  { name: 'status', type: 'string', values: ['broken', 'redirected', 'blocked', 'skipped'], description: 'What is wrong with the link.' },
  { name: 'reason', type: 'string', values: REASON_WORDS, description: 'Reason word (http_404, dns, timeout, robots_disallowed, ...).' },
  { name: 'http_status', type: 'integer', description: 'HTTP status of the target (first hop for redirected links); 0 when none.' },
];

export function columnNames(cols: readonly ColumnDef[]): string[] {
  return cols.map((c) => c.name);
}
