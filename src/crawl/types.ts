// Types shared by the crawl stage. The crawler knows nothing about gather: it is handed an
// `analyse` function that turns a fetched HTML page into whatever the caller wants plus the links
// to follow, so that each page is parsed exactly once.

/**
 * Reason words (contract.md "reason"), plus the crawl-only words added to the contract:
 * `connection_reset`, `too_large`, `private_address`, `redirect_chain`, `bad_url`, `error`, and
 * `trap` (a link the trap guards did not follow), `too_many_redirects` (a chain that never repeats a
 * URL but goes on past --max-redirects), and the words for answers that were not judgements:
 * `network` (the outside network is down or unroutable), `dns_temporary` (the resolver failed for
 * now: EAI_AGAIN, SERVFAIL, a DNS timeout), `not_checked` (not resolved because of --resolve-only).
 */
export type Reason =
  | 'ok'
  | `http_${number}`
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'redirect_loop'
  | 'redirect_chain'
  | 'robots_disallowed'
  | 'blocked'
  | 'too_large'
  | 'private_address'
  | 'bad_url'
  | 'trap'
  | 'too_many_redirects'
  | 'network'
  | 'dns_temporary'
  | 'not_checked'
  // Answers from a recorded source (transport.ts): the WARC holds no response for the URL, or the
  // web archive no capture within the window of --at.
  | 'not_in_warc'
  | 'no_capture'
  | 'error';

/** Permanent failures are not retried (GSA Site Scanning's split). */
export const PERMANENT_REASONS: ReadonlySet<string> = new Set([
  'dns', 'tls', 'private_address', 'bad_url', 'redirect_loop', 'redirect_chain', 'too_many_redirects', 'robots_disallowed',
  'too_large', 'not_checked', 'not_in_warc', 'no_capture',
]);

export interface RedirectHop {
  url: string;
  status: number;
}

export interface FetchAttempt {
  at: string; // ISO time
  reason: Reason;
  message?: string;
}

export interface FetchResult {
  /** URL that was asked for. */
  url: string;
  /** URL of the last response (after redirects). */
  finalUrl: string;
  /** HTTP status of the last response; 0 when no response arrived. */
  status: number;
  reason: Reason;
  /** Human detail for failures (error code, TLS detail, ...). */
  detail?: string;
  contentType: string;
  /** Body size: bytes read, or Content-Length for documents whose body was not read. */
  bytes: number;
  /** Decoded body for HTML responses only. */
  html?: string;
  /** Raw (content-decoded) body, for `raw` fetches only (robots.txt, sitemaps). */
  body?: Uint8Array;
  /** True when the body was cut at the size cap. */
  truncated: boolean;
  redirects: RedirectHop[];
  headers: Record<string, string>;
  /** One entry per failed try (retry history). */
  attempts: FetchAttempt[];
  elapsedMs: number;
}

export interface DiscoveredLink {
  href: string; // absolute URL
  /** true when the link is a document (pdf, ...): checked but not parsed. */
  document?: boolean;
}

export interface CrawlOptions {
  maxPages: number; // per city, default 300
  maxDepth: number; // default 5
  concurrency: number; // global, default 16
  perHost: number; // per origin, default 2
  delayMs: number; // per origin between requests, default 250
  timeoutMs: number; // per request, default 20000
  retries: number; // tries per request, default 3
  maxBytes: number; // response size cap, default 5 MiB
  maxRedirects: number; // default 10
  allowPrivate: boolean;
  userAgent: string;
  /** Check links that leave the city's site (one request per distinct URL). Default true. */
  checkExternal: boolean;
  /** Host → IP overrides (like curl --resolve); used by the demo and tests. */
  resolve?: Record<string, string>;
  /** Hard cap on URLs per path pattern (trap guard); 0, the default, means none. */
  maxPerPattern: number;
  /**
   * Pages of one URL family whose content repeats what the family already showed, before the trap
   * guard closes the family (`--trap-limit`). Default 10.
   */
  trapLimit: number;
  /**
   * Refuse every host that is not a key of `resolve`, without asking DNS, so that a demo or a test
   * can never reach beyond the host names it named (`not_checked`). An IP-literal URL needs no
   * resolution and is checked as it is (the private-address guard still applies).
   */
  onlyResolved?: boolean;
  /** The resolver behind the connect-time guard (default dns.lookup); tests inject a failing one. */
  dnsLookup?: import('./address-guard.ts').DnsLookup;
  /** First retry back-off in ms (doubled per try, plus jitter). Default 500; tests use less. */
  retryBaseMs?: number;
}
