// robots.txt, fetched once per origin. A missing file (4xx) allows everything; a 5xx or a network
// failure also allows everything here (the portal is what is being evaluated, and a broken robots
// endpoint is common on go.id sites) but the status is kept so that the report can say so.

import robotsParserCjs from 'robots-parser';
import type { HttpPool } from './politeness.ts';
import { MAX_ORIGIN_DELAY_MS } from './politeness.ts';
import { ROBOTS_TOKEN } from './options.ts';
import type { Reason } from './types.ts';

const robotsParser = robotsParserCjs as unknown as typeof robotsParserCjs.default;
type Robot = ReturnType<typeof robotsParser>;

/** Google reads at most 500 KiB of a robots.txt; so do we. */
const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsInfo {
  origin: string;
  /** HTTP status of /robots.txt (0: no answer). */
  status: number;
  reason: Reason;
  /** Crawl-delay for our token (or *), in seconds. */
  crawlDelay?: number;
  sitemaps: string[];
  isAllowed(url: string): boolean;
}

export function parseRobots(origin: string, text: string, status = 200, reason: Reason = 'ok'): RobotsInfo {
  const robotsUrl = `${origin}/robots.txt`;
  const robot: Robot = robotsParser(robotsUrl, text);
  const delay = robot.getCrawlDelay(ROBOTS_TOKEN);
  return {
    origin,
    status,
    reason,
    crawlDelay: typeof delay === 'number' && Number.isFinite(delay) && delay > 0 ? delay : undefined,
    sitemaps: robot.getSitemaps(),
    // robots-parser answers undefined for a URL of another origin; that is not ours to refuse.
    isAllowed: (url: string) => robot.isAllowed(url, ROBOTS_TOKEN) !== false,
  };
}

function allowAll(origin: string, status: number, reason: Reason): RobotsInfo {
  return { origin, status, reason, sitemaps: [], isAllowed: () => true };
}

export interface RobotsCache {
  /** robots.txt of the URL's origin (fetched on first use; concurrent callers share one fetch). */
  forUrl(url: string | URL, signal?: AbortSignal): Promise<RobotsInfo>;
  isAllowed(url: string | URL, signal?: AbortSignal): Promise<boolean>;
}

/** What an origin's robots.txt answered: kept in a run's journal so that a resumed crawl obeys the same rules. */
export interface RobotsAnswer {
  origin: string;
  status: number;
  reason: Reason;
  /** The file, when it was read (2xx). */
  text?: string;
}

export interface RobotsMemo {
  /** Answers already known (a resumed run's journal): used instead of fetching. */
  known?: ReadonlyMap<string, RobotsAnswer>;
  /** Told every answer fetched. */
  onAnswer?: (answer: RobotsAnswer) => void | Promise<void>;
}

export function createRobotsCache(
  pool: HttpPool,
  fetchOptions: { userAgent?: string; timeoutMs?: number; retries?: number } = {},
  memo: RobotsMemo = {},
): RobotsCache {
  const cache = new Map<string, Promise<RobotsInfo>>();

  const fetchAnswer = async (origin: string, signal?: AbortSignal): Promise<RobotsAnswer> => {
    const known = memo.known?.get(origin);
    if (known) return known;
    const res = await pool.fetch(`${origin}/robots.txt`, 'raw', {
      signal,
      options: { ...fetchOptions, maxBytes: ROBOTS_MAX_BYTES },
    });
    const ok = res.status >= 200 && res.status < 300 && res.body;
    const answer: RobotsAnswer = { origin, status: res.status, reason: res.reason, ...(ok ? { text: new TextDecoder('utf-8').decode(res.body) } : {}) };
    if (!signal?.aborted) await memo.onAnswer?.(answer);
    return answer;
  };

  const load = async (origin: string, signal?: AbortSignal): Promise<RobotsInfo> => {
    const res = await fetchAnswer(origin, signal);
    if (res.text !== undefined) {
      const info = parseRobots(origin, res.text, res.status, res.reason);
      if (info.crawlDelay !== undefined) {
        pool.raiseOriginDelay(origin, Math.min(info.crawlDelay * 1000, MAX_ORIGIN_DELAY_MS));
      }
      return info;
    }
    return allowAll(origin, res.status, res.reason);
  };

  const forUrl = (url: string | URL, signal?: AbortSignal): Promise<RobotsInfo> => {
    const origin = (typeof url === 'string' ? new URL(url) : url).origin;
    let entry = cache.get(origin);
    if (!entry) {
      entry = load(origin, signal).catch(() => allowAll(origin, 0, 'error'));
      cache.set(origin, entry);
    }
    return entry;
  };

  return {
    forUrl,
    async isAllowed(url: string | URL, signal?: AbortSignal): Promise<boolean> {
      return (await forUrl(url, signal)).isAllowed(typeof url === 'string' ? url : url.href);
    },
  };
}
