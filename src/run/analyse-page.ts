// What the run does with every fetched HTML page: gather its facts and flag it if compromised. One
// function, called on the main thread or in a gather worker, so both give the same facts.
import { makeScope } from '../crawl/scope.ts';
import { gatherPage } from '../gather/index.ts';
import type { PageFacts } from '../gather/types.ts';
import { flagPage, removeInjected } from '../flags/index.ts';

export interface AnalyseRequest {
  html: string;
  url: string;
  portal: string;
  domains: string[];
  /** Reference time, epoch ms. */
  now: number;
}

const scopes = new Map<string, ReturnType<typeof makeScope>>();

function scopeFor(portal: string, domains: string[]) {
  const key = `${portal}\n${domains.join(',')}`;
  let scope = scopes.get(key);
  if (!scope) {
    if (scopes.size > 1000) scopes.clear();
    scope = makeScope(portal, domains);
    scopes.set(key, scope);
  }
  return scope;
}

/**
 * Facts are not compacted: a crawl journals them and lets them go (and a worker's strings are
 * copied to the main thread anyway), so detaching and interning them would be wasted.
 */
export function analysePage(req: AnalyseRequest): PageFacts {
  const scope = scopeFor(req.portal, req.domains);
  const facts = gatherPage(req.html, { url: req.url, isInternal: scope.isInternal, now: new Date(req.now), compact: false });
  // Flagged before the page is journalled, so that a resumed run keeps its flags. Injected spam is
  // taken out of a page that is still the city's; what was removed is kept as a count and an example.
  facts.flags = flagPage(facts, req.url);
  const injected = removeInjected(facts);
  if (injected.removed > 0) facts.injected = { removed: injected.removed, example: injected.example ?? '' };
  return facts;
}
