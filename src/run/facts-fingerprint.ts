// What a page says, for the trap guards: its title, headings and visible text (the facts' text is
// cut at a few thousand characters, so the title and headings keep two long articles apart).
// Computed in the gather worker beside the facts, so that the main thread does not hash every page.
import { contentFingerprint } from '../crawl/traps.ts';
import type { PageFacts } from '../gather/types.ts';

export function factsFingerprint(facts: PageFacts): string {
  return contentFingerprint([facts.meta.title, ...facts.headings.map((h) => h.text), facts.text].join('\n'));
}

/** Fingerprints already computed where the facts were gathered, by the facts they belong to. */
const known = new WeakMap<PageFacts, string>();

export function rememberFingerprint(facts: PageFacts, fingerprint: string): void {
  known.set(facts, fingerprint);
}

/** The page's fingerprint: the one computed with its facts, else computed now. */
export function fingerprintOf(facts: PageFacts): string {
  return known.get(facts) ?? factsFingerprint(facts);
}
