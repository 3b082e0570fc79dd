// The crawl frontier: which URLs a city's crawl will fetch, at which depth, in which order.
//
// A resumed run must fetch exactly the pages an uninterrupted one would, and a concurrent crawl
// gets its answers in whatever order the network delivers them. So every decision that shapes the
// frontier (admit or refuse, the page budget, the trap guards, a page's depth) is taken when a page
// is *committed*, and pages are committed strictly in the order they were admitted (breadth
// first: by depth, then by discovery). Fetching and parsing run ahead concurrently; only their
// results wait their turn. The set of pages fetched is then a function of the pages' contents
// alone, and a resumed run that replays the journalled pages in that order rebuilds the same
// frontier, trap counters included.
import { pathPattern, TrapGuard, type TrapOptions, type TrapWhy } from './traps.ts';

/** Array-backed FIFO whose consumed head is dropped in chunks (Array.shift is O(n)). */
export class Fifo<X> {
  private items: X[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(x: X): void {
    this.items.push(x);
  }
  peek(): X | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }
  shift(): X | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

export interface PageTask {
  url: string;
  depth: number;
  /** Position among the pages: pages are committed in this order. */
  seq: number;
  /** Position among everything admitted (pages and documents): the order of the output files. */
  order: number;
  foundOn?: string;
}

export interface CheckTask {
  url: string;
  kind: 'document' | 'check';
  depth: number;
  order: number;
  foundOn?: string;
}

/** `wait`: kept aside by the trap guard until its family's pages have been read (see pageRead). */
export type Admission = { ok: true } | { ok: false; why: 'depth' | 'budget' | 'documents' | 'wait' | TrapWhy };

interface Parked {
  n: string;
  url: URL;
  depth: number;
  foundOn?: string;
}

export interface FrontierLimits {
  maxPages: number;
  maxDepth: number;
  maxDocuments: number;
  traps: TrapOptions;
}

export class Frontier {
  /** In-scope URLs queued or fetched (pages and documents), normalised. */
  readonly seen = new Set<string>();
  readonly pages = new Fifo<PageTask>();
  readonly checks = new Fifo<CheckTask>();
  readonly traps: TrapGuard;
  /** URLs the trap guards refused, by guard. */
  readonly trappedBy: Partial<Record<TrapWhy, number>> = {};
  trapped = 0;
  /** True once the page budget refused a page. */
  budgetHit = false;
  private pagesAdmitted = 0;
  private documentsAdmitted = 0;
  private nextSeq = 0;
  private nextOrder = 0;
  /** URLs the trap guard keeps aside, by family, in the order they were found. */
  private readonly parked = new Map<string, Parked[]>();
  private readonly parkedUrls = new Set<string>();

  constructor(private readonly limits: FrontierLimits) {
    this.traps = new TrapGuard(limits.traps);
  }

  get pagesLeft(): number {
    return this.limits.maxPages - this.pagesAdmitted;
  }

  /** Admit an in-scope page URL; a refusal by a trap guard is counted once per URL by the caller. */
  admitPage(n: string, url: URL, depth: number, foundOn?: string): Admission {
    if (depth > this.limits.maxDepth) return { ok: false, why: 'depth' };
    if (this.pagesAdmitted >= this.limits.maxPages) {
      this.budgetHit = true;
      return { ok: false, why: 'budget' };
    }
    // The seed is never a trap: a portal is crawled whatever its home page's URL looks like.
    if (depth === 0) this.traps.remember(url);
    else {
      const verdict = this.traps.admit(url);
      if (!verdict.ok) {
        if (verdict.why === 'wait') {
          if (this.parkedUrls.has(n)) return verdict;
          this.parkedUrls.add(n);
          const family = pathPattern(url);
          const list = this.parked.get(family);
          if (list) list.push({ n, url, depth, foundOn });
          else this.parked.set(family, [{ n, url, depth, foundOn }]);
          return verdict;
        }
        this.countTrap(verdict.why);
        return verdict;
      }
    }
    this.seen.add(n);
    this.pagesAdmitted++;
    this.pages.push({ url: n, depth, seq: this.nextSeq++, order: this.nextOrder++, foundOn });
    return { ok: true };
  }

  private countTrap(why: TrapWhy): void {
    this.trapped++;
    this.trappedBy[why] = (this.trappedBy[why] ?? 0) + 1;
  }

  /**
   * An admitted page was read (committed): the trap guard learns what it says, and the URLs kept
   * aside for its family are admitted or refused now that there is more to judge by. Returns the
   * refused ones (the caller reports them).
   */
  pageRead(admitted: URL, fingerprint?: string): string[] {
    this.traps.learn(admitted, fingerprint);
    const family = pathPattern(admitted);
    const list = this.parked.get(family);
    if (!list) return [];
    const refused: string[] = [];
    while (list.length > 0) {
      const p = list[0]!;
      const verdict = this.admitPageAgain(p);
      if (!verdict.ok && verdict.why === 'wait') break;
      list.shift();
      if (!verdict.ok && verdict.why !== 'depth' && verdict.why !== 'budget') refused.push(p.n);
    }
    if (list.length === 0) this.parked.delete(family);
    return refused;
  }

  private admitPageAgain(p: Parked): Admission {
    // admitPage parks a 'wait' again; take it back out so that the list keeps its order.
    this.parkedUrls.delete(p.n);
    const verdict = this.admitPage(p.n, p.url, p.depth, p.foundOn);
    if (!verdict.ok && verdict.why === 'wait') this.parked.get(pathPattern(p.url))?.pop();
    return verdict;
  }

  /** URLs still kept aside (pages that never came back to vouch for them: none should be left). */
  get parkedCount(): number {
    let n = 0;
    for (const l of this.parked.values()) n += l.length;
    return n;
  }

  /** Documents are leaves measured by a HEAD, so they are checked even one level past maxDepth. */
  admitDocument(n: string, depth: number, foundOn?: string): Admission {
    if (this.documentsAdmitted >= this.limits.maxDocuments) return { ok: false, why: 'documents' };
    this.seen.add(n);
    this.documentsAdmitted++;
    this.checks.push({ url: n, kind: 'document', depth, order: this.nextOrder++, foundOn });
    return { ok: true };
  }

  addCheck(n: string, depth: number, foundOn?: string): void {
    this.checks.push({ url: n, kind: 'check', depth, order: -1, foundOn });
  }
}

/**
 * Runs `commit` for results handed in out of order, strictly in sequence order (0, 1, 2, ...), one
 * at a time.
 */
export class InOrder<R> {
  private readonly waiting = new Map<number, R>();
  private next = 0;
  private running = false;

  constructor(private readonly commit: (r: R) => Promise<void>) {}

  /** Results handed in but not yet committed. */
  get pending(): number {
    return this.waiting.size;
  }
  get busy(): boolean {
    return this.running;
  }
  /** Sequence number of the next result to commit. */
  get cursor(): number {
    return this.next;
  }

  /** Hands in result `seq`; resolves when every result that can be committed now has been. */
  async put(seq: number, r: R): Promise<void> {
    this.waiting.set(seq, r);
    if (this.running) return;
    this.running = true;
    try {
      for (let x = this.waiting.get(this.next); x !== undefined; x = this.waiting.get(this.next)) {
        this.waiting.delete(this.next);
        this.next++;
        await this.commit(x);
      }
    } finally {
      this.running = false;
    }
  }
}
