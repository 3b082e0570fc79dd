// Types of the applications stage: what an application is (inventory) and what its liveness check
// found. Plain data, so that the store and the reports can keep them without conversion.

export type Category = 'G2C' | 'G2B' | 'G2G' | 'G2E';
export const CATEGORIES: readonly Category[] = ['G2C', 'G2B', 'G2G', 'G2E'];

export type AppSource = 'targets' | 'discovered';

/**
 * What an entry is (contract.md "application kind"): a service with its own login, form or
 * workflow; an agency, district or village website; a national platform; an app store page.
 */
export type AppKind = 'application' | 'website' | 'national_platform' | 'app_store';
export const APP_KINDS: readonly AppKind[] = ['application', 'website', 'national_platform', 'app_store'];

/** contract.md "application status". */
export type AppStatus = 'active' | 'stale' | 'inactive' | 'unknown';

export interface AppEntry {
  cityId: string;
  name: string;
  /** URL to check (as listed, or as linked). */
  url: string;
  /** Identity across runs: normalised host (+ path when the app lives under a path). See appKey(). */
  key: string;
  category: Category;
  /** How the category was decided, for the `category_reason` column. */
  categoryReason: string;
  source: AppSource;
  /** Page on which a discovered application was linked (first one seen). */
  foundOn?: string;
  /** Name of the national platform when the URL is one (LAPOR!, LPSE, OSS, ...). */
  platform?: string;
  /** What the entry is; absent in records written before kinds were told apart (read as application). */
  kind?: AppKind;
  /** How the kind was decided, for the `kind_reason` column. */
  kindReason?: string;
}

export interface AppResult extends AppEntry {
  status: AppStatus;
  /** Reason word (contract.md): ok, dns, tls, http_404, soft_404, default_page, ... */
  reason: string;
  /** Short detail: TLS problem (expired, self_signed, wrong_host, incomplete_chain), WAF name, ... */
  detail: string;
  /** HTTP status of the final response; 0 when none arrived. */
  httpStatus: number;
  finalUrl: string;
  /** Newest date seen on the application (YYYY-MM-DD), or a copyright year (YYYY); '' when none. */
  lastUpdated: string;
  /** ISO time of the check. */
  checkedAt: string;
}

/** History of one application across finished runs (computed by the store). */
export interface AppHistory {
  firstSeen: string; // run start time (ISO) of the first run that listed it
  lastSeenAlive: string; // run start time of the newest run in which it was active or stale; '' if never
  changed: '' | 'new' | 'died' | 'recovered' | 'went_stale';
  failuresInARow: number;
}

/** Alive = it answers as the application (active or stale). */
export function isAlive(status: string): boolean {
  return status === 'active' || status === 'stale';
}
