// A page's facts as JSON (UTF-8), encoded in the gather worker beside the facts themselves: the
// journal writes them as they are instead of serialising every page again on the main thread,
// which fetches, commits and journals for the whole crawl (0.7 ms a page on a loaded machine).
import { withoutSessionIds } from '../crawl/normalize.ts';
import type { PageFacts } from '../gather/types.ts';

const encoder = new TextEncoder();

/**
 * The facts' JSON as the crawl will journal them, or undefined when the crawl changes them first:
 * a link with a session id is journalled without it (crawl-city), so such a page is serialised
 * where it is written.
 */
export function encodeFacts(facts: PageFacts): Uint8Array | undefined {
  for (const link of facts.links) if (withoutSessionIds(link.href) !== link.href) return undefined;
  return encoder.encode(JSON.stringify(facts));
}

const known = new WeakMap<PageFacts, Uint8Array>();

export function rememberFactsJson(facts: PageFacts, json: Uint8Array): void {
  known.set(facts, json);
}

/**
 * The JSON encoded with these facts, if they are still what was encoded: the render step marks an
 * unrendered app shell on the facts after they were gathered (appShell), and then they are not.
 */
export function factsJsonOf(facts: PageFacts): Uint8Array | undefined {
  return facts.appShell === undefined ? known.get(facts) : undefined;
}
