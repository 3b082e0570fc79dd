// What the crawl learnt about each link target, and which pages link to it: every (page, target)
// pair whose target is not fine is reported once the target's answer is known, so that links.csv
// names the page a researcher has to fix.
import { isUnjudged } from './errors.ts';
import type { FetchResult, Reason } from './types.ts';

export interface LinkProblem {
  sourceUrl: string;
  targetUrl: string;
  status: 'broken' | 'redirected' | 'blocked' | 'skipped' | 'unknown';
  reason: Reason;
  httpStatus: number;
}

export type Outcome = Omit<LinkProblem, 'sourceUrl' | 'targetUrl'>;

/** A target that was checked and is fine. */
export const FINE = null;

/** What a link check found out about a target: fine (null) or a problem word. */
export function linkOutcome(res: FetchResult): Outcome | null {
  if (res.reason === 'ok') {
    return res.redirects.length > 0 ? { status: 'redirected', reason: 'ok', httpStatus: res.redirects[0]!.status } : FINE;
  }
  if (res.reason === 'blocked' || res.reason === 'http_429' || res.reason === 'robots_disallowed') {
    return { status: 'blocked', reason: res.reason, httpStatus: res.status };
  }
  // We refused to look (private address, or a host outside the demo's --resolve list): that says
  // nothing about the link itself.
  if (res.reason === 'private_address' || res.reason === 'not_checked') {
    return { status: 'skipped', reason: res.reason, httpStatus: 0 };
  }
  // The network failed us (an outage, a resolver that could not answer): nothing is known of the link.
  if (isUnjudged(res.reason)) return { status: 'unknown', reason: res.reason, httpStatus: res.status };
  return { status: 'broken', reason: res.reason, httpStatus: res.status };
}

export class LinkBook {
  /** Answered targets: FINE or the problem. */
  private readonly results = new Map<string, Outcome | null>();
  /** Pages waiting for a target's answer. */
  private readonly waiters = new Map<string, string[]>();
  checked = 0;
  problems = 0;

  constructor(
    private readonly onProblem: (p: LinkProblem) => void | Promise<void>,
    /** Every answer, as it is learnt (the journal keeps them for a resumed run). */
    private readonly onAnswer?: (target: string, outcome: Outcome | null) => void | Promise<void>,
  ) {}

  /** The target is answered or waited for. */
  knows(target: string): boolean {
    return this.results.has(target) || this.waiters.has(target);
  }
  answered(target: string): boolean {
    return this.results.has(target);
  }

  private async report(sourceUrl: string, targetUrl: string, o: Outcome): Promise<void> {
    this.problems++;
    await this.onProblem({ sourceUrl, targetUrl, ...o });
  }

  /** Records the target's answer (the first one counts) and reports the pages waiting for it. */
  async resolve(target: string, outcome: Outcome | null, replayed = false): Promise<void> {
    if (this.results.has(target)) return;
    this.results.set(target, outcome);
    this.checked++;
    if (!replayed) await this.onAnswer?.(target, outcome);
    const sources = this.waiters.get(target);
    this.waiters.delete(target);
    if (outcome && sources) for (const s of sources) await this.report(s, target, outcome);
  }

  /** The source page links to the target: reported now if the answer is a problem, or when it comes. */
  async link(source: string, target: string): Promise<void> {
    if (this.results.has(target)) {
      const known = this.results.get(target);
      if (known) await this.report(source, target, known);
      return;
    }
    const list = this.waiters.get(target);
    if (list) list.push(source);
    else this.waiters.set(target, [source]);
  }
}
