// Indonesian government sites still ship windows-1252 and ISO-8859-1 pages, often declared only in
// a <meta> tag; decoding them as UTF-8 turns "Café" into "Caf\uFFFD" in titles and evidence text.

const META_SCAN_BYTES = 2048;

function supported(label: string | undefined): string | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label.trim().toLowerCase()).encoding;
  } catch {
    return undefined;
  }
}

export function charsetFromContentType(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return supported(m?.[1]);
}

/** Charset declared by <meta charset> or <meta http-equiv="content-type"> in the first 2 KB. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, META_SCAN_BYTES)).toString('latin1');
  const m = /<meta\b[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)/i.exec(head);
  const enc = supported(m?.[1]);
  // HTML spec: a meta tag can only be read if the page is ASCII-compatible, so a UTF-16 claim there is false.
  return enc?.startsWith('utf-16') ? 'utf-8' : enc;
}

export function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

// Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F as C1 controls (plain Latin-1), so the
// em dash and curly quotes that Word pastes into government pages come out as garbage. These are
// the WHATWG windows-1252 code points for that range (0x81, 0x8D, 0x8F, 0x90, 0x9D stay as is).
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const codes = Array.from(bytes.subarray(i, i + CHUNK), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

/**
 * Decode an HTML body. A byte-order mark wins (as in the HTML spec: it cannot be there by accident),
 * then the Content-Type charset, then <meta>, then UTF-8.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string): { text: string; encoding: string } {
  const bom = charsetFromBom(bytes);
  const encoding = bom ?? charsetFromContentType(contentType) ?? charsetFromMeta(bytes) ?? 'utf-8';
  if (encoding === 'utf-8' && !bom) {
    // Old CMS templates say UTF-8 (or nothing) while the editors' text was saved as windows-1252:
    // bytes that are not valid UTF-8 are read as windows-1252 instead of becoming U+FFFD.
    try {
      return { text: UTF8_STRICT.decode(bytes), encoding };
    } catch {
      // A body cut at the size cap may end inside a character: that alone is not windows-1252.
      for (let k = 1; k <= 3 && k < bytes.length; k++) {
        try {
          UTF8_STRICT.decode(bytes.subarray(0, bytes.length - k));
          return { text: new TextDecoder('utf-8').decode(bytes), encoding };
        } catch {
          // try a shorter prefix
        }
      }
      return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    }
  }
  return { text: decodeBytes(bytes, encoding), encoding };
}

const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true });

/** For responses without a Content-Type: does the start of the body look like HTML? */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024))
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .replace(/^(\s|<!--[\s\S]*?-->)+/, '')
    .toLowerCase();
  return /^<(!doctype html|html|head|body|title|meta|script|div|p|a|table|h1|br)[\s>/]/.test(head);
}
