// Shared by the browser tests: the Chromium they need, and a crawl of one example portal wired the
// way the run wires it (crawlSite + gatherPage, with the render step inside `analyse`).
import { crawlSite, createHttpPool, makeScope, withDefaults } from '../../src/crawl/index.ts';
import type { PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import type { PageEntry } from '../../src/gather/city-facts.ts';
import { gatherPage } from '../../src/gather/index.ts';
import type { PageFacts } from '../../src/gather/types.ts';
import { findChromium, NO_CHROMIUM_MESSAGE } from '../../src/render/chromium.ts';
import type { Renderer } from '../../src/render/renderer.ts';
import { createRenderStep, type RenderDecision, type RenderMode } from '../../src/render/step.ts';

/** The browser tests run in CI, where .ci/run installs Debian's chromium: a missing browser is a failure, not a skip. */
export function requireChromium(): string {
  const found = findChromium();
  if (!found.path) throw new Error(`${NO_CHROMIUM_MESSAGE}. These tests need a browser: apt-get install chromium (as .ci/run does) or set CHROME_PATH.`);
  return found.path;
}

export type Target = ReturnType<PortalServer['targets']>[number];

export interface CrawledPage extends PageEntry {
  why: string;
  /** The static HTML as fetched (before any rendering). */
  html?: string;
}

export function crawlOptions(server: PortalServer) {
  return withDefaults({
    resolve: server.resolve,
    onlyResolved: true,
    allowPrivate: true,
    delayMs: 0,
    perHost: 4,
    concurrency: 8,
    maxPages: 300,
    checkExternal: false,
    retries: 1,
    retryBaseMs: 50,
  });
}

/** A city crawl; with a renderer, `analyse` goes through createRenderStep (mode auto unless given). */
export async function crawlCity(
  server: PortalServer,
  target: Target,
  renderer?: Renderer,
  mode: RenderMode = renderer ? 'auto' : 'never',
): Promise<{ pages: CrawledPage[]; decisions: RenderDecision[] }> {
  const options = crawlOptions(server);
  const pool = createHttpPool(options);
  const scope = makeScope(target.portal, target.domains);
  const gather = (html: string, url: string) => gatherPage(html, { url, isInternal: scope.isInternal, now: DEMO_NOW });
  const step = createRenderStep({ mode, renderer, gather });
  const pages: CrawledPage[] = [];
  const decisions: RenderDecision[] = [];
  try {
    await crawlSite<{ facts: PageFacts; render: RenderDecision; html: string }>({
      portal: target.portal,
      domains: target.domains,
      options,
      pool,
      analyse: async (page, depth) => {
        const out = await step(page, depth);
        decisions.push(out.render);
        const links = out.facts.links
          .filter((l) => /^https?:/.test(l.href))
          .map((l) => (l.kind === 'document' ? { href: l.href, document: true } : { href: l.href }));
        return { links, data: { facts: out.facts, render: out.render, html: page.html } };
      },
      onPage: (v) => {
        const rec: CrawledPage = {
          url: v.url,
          finalUrl: v.fetch.finalUrl,
          depth: v.depth,
          status: v.fetch.status,
          reason: v.fetch.reason,
          contentType: v.fetch.contentType,
          bytes: v.fetch.bytes,
          kind: v.kind,
          rendered: v.data?.render.rendered ?? false,
          why: v.data?.render.why ?? '',
        };
        if (v.data) {
          rec.facts = v.data.facts;
          rec.html = v.data.html;
        }
        pages.push(rec);
      },
    });
  } finally {
    await pool.close();
  }
  return { pages, decisions };
}
