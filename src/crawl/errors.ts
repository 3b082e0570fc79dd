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

/** Map a thrown network error to a reason word, keeping the low-level code as detail. */
export function reasonFromError(err: unknown): { reason: Reason; detail: string } {
  const codes = errorCodes(err);
  const message = err instanceof Error ? err.message : String(err);
  const detail = codes.length > 0 ? `${codes[0]}: ${message}` : message;
  for (const code of codes) {
    if (code === PRIVATE_ADDRESS_CODE) return { reason: 'private_address', detail };
    if (code === NOT_RESOLVED_CODE) return { reason: 'dns', detail };
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA' || code === 'EAI_FAIL' || code === 'ENODATA') {
      return { reason: 'dns', detail };
    }
    if (isTlsCode(code)) return { reason: 'tls', detail };
    if (code === 'ECONNREFUSED') return { reason: 'connection_refused', detail };
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
      return { reason: 'connection_reset', detail };
    }
    if (
      code === 'ETIMEDOUT' ||
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
