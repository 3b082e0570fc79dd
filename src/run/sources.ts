// Where a run's HTTP answers come from and where they are kept: the live network (default), a
// WARC replay (--from-warc), a web archive's captures at a date (--at); and, for any of them, the
// WARC capture of every exchange and rendered DOM (--warc), packaged as WACZ at the end (--wacz).
import { join } from 'node:path';
import type { PoolSource } from '../crawl/politeness.ts';
import type { Renderer } from '../render/types.ts';
import type { ReplayIndex } from '../warc/replay-index.ts';
import type { ArchiveSource } from '../archive/transport.ts';
import { InputError } from '../config/input-error.ts';
import { VERSION, type RunSettings } from './settings.ts';

export interface RunSources {
  /** The settings the run goes on with (no vantage check, no Lighthouse, `now` fixed when replaying). */
  settings: RunSettings;
  pool: PoolSource;
  replay?: ReplayIndex;
  /** The renderer the crawl gets, given the one the run would use. */
  renderer(live: Renderer | undefined): Renderer | undefined;
  /** For run.json: where the answers came from. */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

/** The WARC modules (and warcio under them), loaded only by a run that writes or reads WARCs. */
async function loadWarc() {
  const [dom, index, replay, writer, wacz] = await Promise.all([
    import('../warc/dom-capture.ts'), import('../warc/replay-index.ts'), import('../warc/replay.ts'), import('../warc/writer.ts'), import('../warc/wacz.ts'),
  ]);
  return { ...dom, ...index, ...replay, ...writer, ...wacz };
}

export async function openRunSources(settings: RunSettings, dir: string, log: (line: string) => void): Promise<RunSources> {
  const w = settings.fromWarc || settings.warc ? await loadWarc() : undefined;
  let replay: ReplayIndex | undefined;
  let archive: ArchiveSource | undefined;
  let adjusted = settings;
  const offline = { vantage: { ...settings.vantage, mode: 'off' as const }, lighthouse: false, recheckAfterMs: 0 };
  if (settings.fromWarc) {
    try {
      replay = await w!.buildReplayIndex(settings.fromWarc);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new InputError('--from-warc', [{ file: settings.fromWarc, message: `not a readable WARC: ${message}` }]);
    }
    // No server to be polite to: the per-site pause goes (robots.txt Crawl-delay still applies).
    // Judged as of the time the recording run judged (egovscan's WARCs say it), else its first answer.
    adjusted = { ...settings, ...offline, now: settings.now ?? replay.recordedNow ?? replay.earliest ?? new Date(), crawl: { ...settings.crawl, delayMs: 0 } };
  } else if (settings.at) {
    const { createArchiveSource } = await import('../archive/transport.ts');
    archive = createArchiveSource({
      base: settings.archive, at: settings.at, windowDays: settings.archiveWindowDays,
      userAgent: settings.crawl.userAgent, concurrency: settings.archiveConcurrency, timeoutMs: settings.crawl.timeoutMs,
      backoffMs: settings.crawl.retryBaseMs, dir: join(dir, 'archive'),
    });
    // The archive transport keeps its own time limit per request and retries (429, 5xx): the fetch
    // around it waits for those, so that a slow archive is never taken for a slow portal.
    adjusted = {
      ...settings, ...offline, now: settings.at, render: 'never', appBudgetMs: 30 * 60_000,
      // No portal is ever contacted, so the private-address guard has nothing to guard: an archive's
      // captures of a portal on a loopback or private address are read like any other.
      crawl: { ...settings.crawl, timeoutMs: Math.max(settings.crawl.timeoutMs * 10, 300_000), allowPrivate: true },
    };
  }
  // A live run's reference time is fixed here, so that its WARCs can carry it to a replay.
  if (!adjusted.now && !settings.fromWarc && !settings.at) adjusted = { ...adjusted, now: new Date() };
  let failedOnce = false;
  const writer = settings.warc
    ? await w!.WarcWriter.open({
        dir: join(dir, 'warc'),
        prefix: `egovscan-${settings.runId}`,
        info: {
          software: `egovscan/${VERSION}`, 'egovscan-run-id': settings.runId, 'egovscan-now': adjusted.now!.toISOString(),
          ...(settings.at ? { 'egovscan-at': settings.at.toISOString() } : {}),
        },
        onError: (err) => {
          if (failedOnce) return;
          failedOnce = true;
          log(`egovscan: writing the WARC failed, the crawl goes on without it: ${err instanceof Error ? err.message : String(err)}`);
        },
      })
    : undefined;
  const transport = replay ? w!.replayTransport(replay) : archive?.transport;
  return {
    settings: adjusted,
    replay,
    pool: { ...(transport ? { transport } : {}), ...(writer ? { capture: writer.capture } : {}) },
    renderer(live) {
      // A replay never opens a browser on the network: it hands back the DOMs the WARC kept.
      if (replay) return replay.hasDom && settings.render !== 'never' ? w!.replayRenderer(replay) : undefined;
      if (archive) return undefined;
      return live && writer ? w!.capturingRenderer(live, writer) : live;
    },
    describe() {
      if (replay) return { source: 'warc', from_warc: replay.files, records: replay.size };
      if (archive) return { source: 'archive', at: settings.at!.toISOString(), archive: settings.archive, archive_requests: archive.requests() };
      return { source: 'live' };
    },
    async close() {
      await writer?.flush();
      await archive?.close();
      if (writer && settings.wacz) await w!.writeWacz(dir, { title: `egovscan run ${settings.runId}`, log });
    },
  };
}
