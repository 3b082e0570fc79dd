// The key a WARC record is found by: its target URL without a fragment (and without the angle
// brackets some tools write around it). Apart from the reader, so that the run's provenance columns
// can use it without loading warcio.
/** A URL as a lookup key: angle brackets stripped, parsed and re-serialised, fragment dropped. */
export function urlKey(raw: string): string | undefined {
  let s = raw.trim();
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1);
  try {
    const u = new URL(s);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}
