import { NOT_RESOLVED_CODE, PRIVATE_ADDRESS_CODE } from './address-guard.ts';
import type { Reason } from './types.ts';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE', 'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY', 'HOSTNAME_MISMATCH',
  'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'EPROTO',
]);

function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

function isTlsCode(code: string): boolean {
  return TLS_CODES.has(code) || code.startsWith('CERT_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_');
}

/** Error code of a request that got no complete answer in its time after the connection was made. */
export const DEADLINE_CODE = 'EGOVSCAN_DEADLINE';

/** Resolver codes that are an answer: the name does not exist (NXDOMAIN) or has no address. */
const DNS_AUTHORITATIVE = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA', 'ENODATA', 'EAI_ADDRFAMILY']);
/** Resolver codes that say nothing about the name: the resolver could not answer now. */
const DNS_TEMPORARY = new Set([
  'EAI_AGAIN', 'EAI_FAIL', 'ESERVFAIL', 'ETIMEOUT', 'EREFUSED', 'ECANCELLED', 'EAI_SYSTEM', 'EDESTRUCTION',
  'ENOTINITIALIZED',
]);
/** The packets found no road: our network, not the target, is what failed. */
const UNROUTABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'ENONET']);

/**
 * Reasons that are a judgement of the target (an authoritative answer: it is there, or it is dead)
 * against those that only say the check could not be made. The one rule behind both links.csv and
 * applications.csv: an unjudged reason is never `broken` or `inactive`.
 */
const UNJUDGED = new Set(['network', 'dns_temporary', 'not_checked', 'private_address', 'blocked', 'robots_disallowed', 'error', 'http_429', 'not_in_warc', 'no_capture']);

/** True when the reason says nothing about whether the target lives (a network outage, a refusal, a filter). */
export function isUnjudged(reason: string): boolean {
  return UNJUDGED.has(reason);
}

export interface ClassifyContext {
  /**
   * The outside network was found down (vantage check): every failure of the network itself is
   * then written `network`, since a dead resolver or link makes every site look dead.
   */
  networkDown?: boolean;
}

/** Reasons that could be the outage's doing when the outside network is down. */
const OUTAGE_SHAPED = new Set(['dns', 'dns_temporary', 'timeout', 'connection_refused', 'connection_reset', 'network', 'tls', 'error']);

/**
 * Map a thrown network error to a reason word, keeping the low-level code as detail. The one
 * classification of the crawl: pages, link checks, robots.txt and application checks all come here.
 */
export function reasonFromError(err: unknown, ctx: ClassifyContext = {}): { reason: Reason; detail: string } {
  const r = classify(err);
  if (ctx.networkDown && OUTAGE_SHAPED.has(r.reason)) return { reason: 'network', detail: r.detail };
  return r;
}

function classify(err: unknown): { reason: Reason; detail: string } {
  const codes = errorCodes(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = codes.length > 0 ? `${codes[0]}: ${message}` : message;
  for (const code of codes) {
    if (code === PRIVATE_ADDRESS_CODE) return { reason: 'private_address', detail };
    if (code === NOT_RESOLVED_CODE) return { reason: 'not_checked', detail };
    if (DNS_AUTHORITATIVE.has(code)) return { reason: 'dns', detail };
    if (DNS_TEMPORARY.has(code)) return { reason: 'dns_temporary', detail };
    if (UNROUTABLE.has(code)) return { reason: 'network', detail };
    if (isTlsCode(code)) return { reason: 'tls', detail };
    if (code === 'ECONNREFUSED') return { reason: 'connection_refused', detail };
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
      return { reason: 'connection_reset', detail };
    }
    if (
      code === 'ETIMEDOUT' ||
      code === DEADLINE_CODE ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT'
    ) {
      return { reason: 'timeout', detail };
    }
  }
  if (err instanceof Error && (err.name === 'TimeoutError')) return { reason: 'timeout', detail };
  if (/other side closed|socket hang up/i.test(message)) return { reason: 'connection_reset', detail };
  return { reason: 'error', detail };
}

/**
 * A timeout that undici reports after the connection was made (headers or body never came): the
 * server is there and slow, and asking again costs as much. Our own deadline may fire earlier,
 * while connecting, so it is not one of these.
 */
export function isAnsweredTimeout(detail: string | undefined): boolean {
  return /^(UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT):/.test(detail ?? '');
}
