// Everything a crawled page chose (titles, link texts, URLs, application names) goes through
// these before it reaches the report: text is escaped, and a URL becomes a link only when it is
// http(s).

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The URL, normalised, when it is an absolute http(s) URL; otherwise undefined. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A link to an http(s) URL (opening in a new tab, no referrer), or the escaped text when not. */
export function link(url: string | undefined, text?: string, maxChars = 70): string {
  const shown = shorten(text ?? displayUrl(url ?? ''), maxChars);
  const href = safeHref(url);
  if (!href) return `<span class="url">${esc(shown)}</span>`;
  return `<a href="${esc(href)}" rel="noopener noreferrer nofollow" target="_blank" title="${esc(href)}">${esc(shown)}</a>`;
}

/** A URL without its scheme, for display. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

export function shorten(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** JSON for an inline `<script type="application/json">`: `<` can never close the element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
