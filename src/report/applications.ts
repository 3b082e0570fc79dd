// applications.csv: its columns and one row per checked application, with the application's
// history from the store (first seen, last seen alive, changed, failures in a row).
import { APP_KINDS, type AppHistory, type AppResult } from '../apps/types.ts';
import { CITY_ID, RUN_ID, type ColumnDef } from './columns.ts';
import type { Cell } from './csv.ts';

/** applications.csv: the contract's columns, then the ones this stage added (at the end). */
export const APPLICATION_COLUMNS: readonly ColumnDef[] = [
  RUN_ID,
  CITY_ID,
  { name: 'app_name', type: 'string', description: 'Name from the targets file, or the link text it was found under.' },
  { name: 'url', type: 'string', description: 'URL that was checked.' },
  { name: 'category', type: 'string', values: ['G2C', 'G2B', 'G2G', 'G2E'], description: 'Channel: from the targets file, else inferred (see category_reason).' },
  { name: 'source', type: 'string', values: ['targets', 'discovered'], description: 'Listed in the targets file, or discovered on the portal.' },
  { name: 'status', type: 'string', values: ['active', 'stale', 'inactive', 'unknown'], description: 'active: works and is maintained; stale: answers, nothing newer than 12 months; inactive: cannot be used; unknown: blocked the check or could not be judged (never counted as dead).' },
  { name: 'reason', type: 'string', description: 'Reason word: ok, dns, tls, timeout, connection_refused, connection_reset, http_<code>, soft_404, default_page, parked, redirect_home, redirect_loop, stale_content, robots_disallowed, blocked, private_address, error.' },
  { name: 'http_status', type: 'integer', description: 'HTTP status of the final response; 0 when none arrived.' },
  { name: 'last_updated', type: 'string', description: 'Newest date seen on the application (YYYY-MM-DD), or its copyright year (YYYY) when it shows no date; empty when neither.' },
  { name: 'first_seen', type: 'datetime', description: 'Start time of the first finished run that listed the application (this run when it is new).' },
  { name: 'last_seen_alive', type: 'datetime', description: 'Start time of the newest run in which it was active or stale; empty if never.' },
  { name: 'changed', type: 'string', values: ['', 'new', 'died', 'recovered', 'went_stale'], description: 'Change since the previous finished run that covered the city (empty on the first run, and when unknown).' },
  { name: 'failures_in_a_row', type: 'integer', description: 'Runs in a row, up to this one, in which it was inactive (unknown runs neither break nor extend the streak).' },
  // Added by the applications issue (additive).
  { name: 'category_reason', type: 'string', description: 'How the category was decided: "from targets", "national platform <name>", "inferred: "<word>" in name|url", or the default.' },
  { name: 'detail', type: 'string', description: 'Detail of the reason: TLS problem (expired, self_signed, wrong_host, incomplete_chain, not_yet_valid, protocol), bot filter (cloudflare_challenge, rate_limited, ...), placeholder kind (apache, nginx, iis, control_panel, empty_listing, ...), parked kind (suspended, for_sale_or_parked), soft-404 evidence, network error code.' },
  { name: 'final_url', type: 'string', description: 'URL after redirects.' },
  { name: 'found_on', type: 'string', description: 'For discovered applications: the page that links to it.' },
  // Added by the applications-versus-websites issue (additive).
  { name: 'kind', type: 'string', values: APP_KINDS, description: 'What the entry is: application (a service with its own login, form or workflow), website (an agency, district or village website, a PPID information site), national_platform (LAPOR!, OSS, LPSE, SiRUP, JDIHN, ...), app_store (a Play Store / App Store page of a mobile app). Only applications are counted in cities.csv apps_*.' },
  { name: 'kind_reason', type: 'string', description: 'How the kind was decided: "<store> page of <app id>", "national platform <name>", "\"<word>\" host", "\"<word>\" in url|name", or "default: no website words".' },
];

export const APPLICATION_COLUMN_NAMES: readonly string[] = APPLICATION_COLUMNS.map((c) => c.name);

/** One applications.csv row. `history` comes from the store (Store.appHistory). */
export function applicationRow(runId: string, r: AppResult, history?: AppHistory): Record<string, Cell> {
  return {
    run_id: runId,
    city_id: r.cityId,
    app_name: r.name,
    url: r.url,
    category: r.category,
    source: r.source,
    status: r.status,
    reason: r.reason,
    http_status: r.httpStatus,
    last_updated: r.lastUpdated,
    first_seen: history?.firstSeen ?? '',
    last_seen_alive: history?.lastSeenAlive ?? '',
    changed: history?.changed ?? '',
    failures_in_a_row: history?.failuresInARow ?? (r.status === 'inactive' ? 1 : 0),
    category_reason: r.categoryReason,
    detail: r.detail,
    final_url: r.finalUrl,
    found_on: r.foundOn ?? '',
    kind: r.kind ?? 'application',
    kind_reason: r.kindReason ?? '',
  };
}

