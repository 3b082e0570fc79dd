// One pool for every city crawled in a run, so that `concurrency` is a real global limit, and each
// origin sees at most `perHost` requests at once with at least its delay between request starts.
// The application-liveness checker uses the same pool, so a city's servers are not hit twice as hard.

import PQueue from 'p-queue';
import type { Agent } from 'undici';
import { fetchUrl, type FetchContext, type FetchKind, type FetchSettings } from './fetcher.ts';
import { createAgent } from './http-client.ts';
import { mergeDefined, withDefaults } from './options.ts';
import type { CrawlOptions, FetchResult } from './types.ts';
import type { Capture, Transport } from './transport.ts';

/** Upper bound for a robots.txt Crawl-delay or a Retry-After-raised delay. */
export const MAX_ORIGIN_DELAY_MS = 10_000;

class PoolClosedError extends Error {
  readonly code = 'EGOVSCAN_POOL_CLOSED';
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Per-origin gate: at most `perHost` holders, starts spaced by `delayMs`, paused after a Retry-After. */
class OriginGate {
  private active = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly perHost: number,
    public delayMs: number,
  ) {}

  /** Nothing waiting, nothing running, and no delay or pause still to honour. */
  forgettable(now: number): boolean {
    return (
      this.active === 0 && this.waiters.length === 0 && now >= this.lastStart + this.delayMs && now >= this.pausedUntil
    );
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          reject(signal!.reason);
        }
      };
      // The listener goes as soon as the wait ends, or a long crawl would pile them up on its signal.
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pump();
    });
  }

  release(): void {
    this.active--;
    this.pump();
  }

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  close(err: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) w.reject(err);
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiters.length > 0 && this.active < this.perHost) {
      const now = Date.now();
      const readyAt = Math.max(this.lastStart + this.delayMs, this.pausedUntil);
      if (now < readyAt) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, readyAt - now);
        return;
      }
      this.active++;
      this.lastStart = now;
      this.waiters.shift()!.resolve();
    }
  }
}

export interface PoolFetchOptions {
  signal?: AbortSignal;
  checkHop?: FetchContext['checkHop'];
  /** Per-call fetch settings (timeouts, retries, size cap, user agent); default: the pool's. */
  options?: Partial<FetchSettings>;
  /**
   * The answer may be shared with every other caller of the pool that asks the same (URL, kind,
   * settings) while the pool lives: for link checks to other sites, which many cities' portals
   * make to the same national platforms (lapor.go.id, lpse, jdih). Not for anything a caller vetoes
   * by its own rules (checkHop).
   */
  share?: boolean;
}

export interface HttpPool {
  readonly options: CrawlOptions;
  readonly agent: Agent;
  /** Fetch through the pool: every request and redirect hop waits for its origin's gate and a global slot. */
  fetch(url: string, kind: FetchKind, extra?: PoolFetchOptions): Promise<FetchResult>;
  /** Run one HTTP exchange under the politeness rules of `origin`. */
  schedule<R>(origin: string, run: () => Promise<R>, signal?: AbortSignal): Promise<R>;
  /** Raise an origin's minimum delay between request starts (robots.txt Crawl-delay); never lowers it. */
  raiseOriginDelay(origin: string, ms: number): void;
  /** Hold an origin for `ms` (Retry-After). */
  pauseOrigin(origin: string, ms: number): void;
  originDelay(origin: string): number;
  /**
   * The run's vantage check found the outside network down (or back): while down, failures to reach
   * hosts that need it are written `network`, never as a verdict on the host.
   */
  setNetworkDown(down: boolean): void;
  readonly networkDown: boolean;
  close(): Promise<void>;
}

/** Shared link-check answers kept at once (each holds its response headers: about a kilobyte). */
const MAX_SHARED_ANSWERS = 5_000;

/** Where the pool's exchanges go besides the network (transport.ts): a WARC writer, a replay source. */
export interface PoolSource {
  transport?: Transport;
  capture?: Capture;
}

export function createHttpPool(partial: Partial<CrawlOptions> = {}, source: PoolSource = {}): HttpPool {
  const options = withDefaults(partial);
  const agent = createAgent(options);
  const global = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  const gates = new Map<string, OriginGate>();
  const delays = new Map<string, number>();
  const shared = new Map<string, Promise<FetchResult>>();
  let closed = false;
  let scheduled = 0;
  let networkDown = false;

  const gateFor = (origin: string): OriginGate => {
    let gate = gates.get(origin);
    if (!gate) {
      gate = new OriginGate(Math.max(1, options.perHost), delays.get(origin) ?? options.delayMs);
      gates.set(origin, gate);
    }
    return gate;
  };

  const fetchOnce = (url: string, kind: FetchKind, extra: PoolFetchOptions): Promise<FetchResult> =>
    fetchUrl(
      url,
      {
        // The address rules belong to the pool's agent; a caller cannot loosen them per fetch.
        options: mergeDefined<FetchSettings>(options, extra.options, {
          allowPrivate: options.allowPrivate,
          resolve: options.resolve,
          onlyResolved: options.onlyResolved,
          dnsLookup: options.dnsLookup,
        }),
        networkDown: () => networkDown,
        dispatcher: agent,
        transport: source.transport,
        capture: source.capture,
        signal: extra.signal,
        checkHop: extra.checkHop,
        schedule: (u, run) => pool.schedule(u.origin, run, extra.signal),
        onRetryAfter: (origin, ms) => {
          pool.pauseOrigin(origin, ms);
          // A server that asks us to wait gets a slower pace for the rest of the run.
          pool.raiseOriginDelay(origin, Math.max(pool.originDelay(origin) * 2, 1000));
        },
      },
      kind,
    );

  const pool: HttpPool = {
    options,
    agent,
    async schedule<R>(origin: string, run: () => Promise<R>, signal?: AbortSignal): Promise<R> {
      if (closed) throw new PoolClosedError('the HTTP pool is closed');
      const gate = gateFor(origin);
      // The origin gate is taken first so that a slow or delayed origin never sits on a global slot.
      await gate.acquire(signal);
      try {
        return await global.add(run);
      } finally {
        gate.release();
        // Thousands of external origins are touched once each during link checks; forget the idle
        // ones now and then (a raised delay survives in `delays`).
        if (++scheduled % 500 === 0 && gates.size > 200) {
          const now = Date.now();
          for (const [o, g] of gates) if (g.forgettable(now)) gates.delete(o);
        }
      }
    },
    fetch(url: string, kind: FetchKind, extra: PoolFetchOptions = {}): Promise<FetchResult> {
      if (!extra.share || extra.checkHop) return fetchOnce(url, kind, extra);
      const key = `${kind} ${url} ${extra.options ? JSON.stringify(extra.options) : ''}`;
      let answer = shared.get(key);
      if (!answer) {
        if (shared.size >= MAX_SHARED_ANSWERS) shared.clear();
        const asked = fetchOnce(url, kind, extra);
        asked.catch(() => shared.get(key) === asked && shared.delete(key));
        shared.set(key, (answer = asked));
      }
      return answer.then((r) => {
        // Stopped by the caller that asked first: this caller asks for itself.
        if (r.detail === 'aborted' && !extra.signal?.aborted) {
          if (shared.get(key) === answer) shared.delete(key);
          return pool.fetch(url, kind, extra);
        }
        return { ...r };
      });
    },
    raiseOriginDelay(origin: string, ms: number): void {
      const next = Math.min(Math.max(ms, delays.get(origin) ?? options.delayMs), MAX_ORIGIN_DELAY_MS);
      if (next <= (delays.get(origin) ?? options.delayMs)) return;
      delays.set(origin, next);
      const gate = gates.get(origin);
      if (gate) gate.delayMs = next;
    },
    pauseOrigin(origin: string, ms: number): void {
      gateFor(origin).pause(Math.min(ms, 30_000));
    },
    originDelay(origin: string): number {
      return delays.get(origin) ?? options.delayMs;
    },
    setNetworkDown(down: boolean): void {
      networkDown = down;
      // Answers shared while the network was in the other state would carry the wrong word.
      shared.clear();
    },
    get networkDown(): boolean {
      return networkDown;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const err = new PoolClosedError('the HTTP pool is closed');
      for (const gate of gates.values()) gate.close(err);
      gates.clear();
      global.clear();
      await agent.destroy().catch(() => {});
    },
  };
  return pool;
}

