// Lighthouse 12.8.2, programmatic, attached to a Chromium we launched (its DevTools port). Lighthouse
// keeps global state (performance marks, logger), so two runs at the same time in one process crash
// each other: every run here goes through one process-wide serial queue.

import PQueue from 'p-queue';
import lighthouse, { desktopConfig, type Flags, type Result, type RunnerResult } from 'lighthouse';

/** One audit at a time in this process (shared by every auditor). */
export const auditQueue = new PQueue({ concurrency: 1 });

export const LIGHTHOUSE_CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/** Shorter quiet windows (measured: ~3.5–4 s instead of 6–7.5 s, same scores on simple pages). */
export const QUICK_SETTINGS = Object.freeze({
  pauseAfterFcpMs: 250,
  pauseAfterLoadMs: 250,
  networkQuietThresholdMs: 250,
  cpuQuietThresholdMs: 250,
});

export interface LighthouseRunOptions {
  /** DevTools port of the browser to use. */
  port: number;
  /** Desktop config instead of the default mobile emulation. */
  desktop?: boolean;
  /** Shorter quiet windows; may under-measure slow sites (a setting, default false). */
  quick?: boolean;
  /** Longest wait for the page's load (Lighthouse maxWaitForLoad), default 45 000 ms. */
  maxWaitForLoadMs?: number;
  /** Keep the full report JSON in the result (for --lighthouse-json). */
  keepJson?: boolean;
}

export interface LighthouseMetrics {
  performance: number | null;
  accessibility: number | null;
  best_practices: number | null;
  seo: number | null;
  lcp_ms: number | null;
  cls: number | null;
  tbt_ms: number | null;
}

export interface LighthouseOutcome {
  metrics: LighthouseMetrics;
  /** Lighthouse's runtimeError code, or the exception message; undefined when the run worked. */
  error?: string;
  /** The full LHR as JSON text, when keepJson. */
  json?: string;
  /** Audits whose own run failed (scoreDisplayMode "error"), for diagnostics. */
  erroredAudits: number;
  elapsedMs: number;
}

export const EMPTY_METRICS: Readonly<LighthouseMetrics> = Object.freeze({
  performance: null,
  accessibility: null,
  best_practices: null,
  seo: null,
  lcp_ms: null,
  cls: null,
  tbt_ms: null,
});

const score = (lhr: Result, id: string): number | null => {
  const s = lhr.categories[id]?.score;
  return typeof s === 'number' ? Math.round(s * 100) : null;
};

const numeric = (lhr: Result, id: string, digits = 0): number | null => {
  const v = lhr.audits[id]?.numericValue;
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** The summary metrics audits.csv keeps from one Lighthouse result. */
export function metricsOf(lhr: Result): LighthouseMetrics {
  return {
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    best_practices: score(lhr, 'best-practices'),
    seo: score(lhr, 'seo'),
    lcp_ms: numeric(lhr, 'largest-contentful-paint'),
    cls: numeric(lhr, 'cumulative-layout-shift', 3),
    tbt_ms: numeric(lhr, 'total-blocking-time'),
  };
}

/**
 * Runs Lighthouse on `url` now. Callers must hold `auditQueue` (runLighthouse does) — never call two
 * of these at once in one process.
 */
export async function lighthouseNow(url: string, opts: LighthouseRunOptions): Promise<LighthouseOutcome> {
  const started = Date.now();
  const flags: Flags = {
    port: opts.port,
    hostname: '127.0.0.1',
    output: 'json',
    logLevel: 'silent',
    onlyCategories: [...LIGHTHOUSE_CATEGORIES],
    maxWaitForLoad: opts.maxWaitForLoadMs ?? 45_000,
    disableFullPageScreenshot: true,
    // Lighthouse's page is not under Playwright's request interception: WebSockets are refused by
    // URL here, plain ws:// tunnels by the gate proxy as well.
    blockedUrlPatterns: ['ws://*', 'wss://*'],
    ...(opts.quick ? QUICK_SETTINGS : {}),
  };
  let result: RunnerResult | undefined;
  try {
    result = await lighthouse(url, flags, opts.desktop ? desktopConfig : undefined);
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    return { metrics: { ...EMPTY_METRICS }, error: message, erroredAudits: 0, elapsedMs: Date.now() - started };
  }
  if (!result) return { metrics: { ...EMPTY_METRICS }, error: 'no result', erroredAudits: 0, elapsedMs: Date.now() - started };
  const lhr = result.lhr;
  const erroredAudits = Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error').length;
  const out: LighthouseOutcome = {
    metrics: lhr.runtimeError ? { ...EMPTY_METRICS } : metricsOf(lhr),
    erroredAudits,
    elapsedMs: Date.now() - started,
  };
  if (lhr.runtimeError) out.error = lhr.runtimeError.code;
  if (opts.keepJson) out.json = typeof result.report === 'string' ? result.report : JSON.stringify(lhr);
  return out;
}

/** lighthouseNow through the process-wide serial queue. */
export function runLighthouse(url: string, opts: LighthouseRunOptions): Promise<LighthouseOutcome> {
  return auditQueue.add(() => lighthouseNow(url, opts)) as Promise<LighthouseOutcome>;
}
