// The library is usable without the CLI: the package's entry point loads and exposes each stage.
import { describe, expect, it } from 'vitest';
import * as egovscan from '../../src/index.ts';

describe('library entry point', () => {
  it('exposes every stage of the pipeline as functions', () => {
    for (const name of ['runCrawl', 'makeSettings', 'crawlSite', 'gatherPage', 'loadTargets', 'loadRubric', 'evaluateCity',
      'checkApplications', 'openStore', 'diffRuns', 'writeReport', 'createRenderer', 'runAudits', 'startPortalServer'] as const) {
      expect(typeof egovscan[name], name).toBe('function');
    }
  });

  it('makes settings with the contract defaults', () => {
    const s = egovscan.makeSettings();
    expect(s).toMatchObject({ out: 'output', render: 'auto', bom: true });
    expect(s.crawl).toMatchObject({ maxPages: 300, maxDepth: 5, concurrency: 16, perHost: 2, delayMs: 250, timeoutMs: 20_000, allowPrivate: false });
    expect(s.runId).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(s.crawl.userAgent).toMatch(/^egovscan\/\d+\.\d+\.\d+ \(\+https?:\/\//);
  });
});
