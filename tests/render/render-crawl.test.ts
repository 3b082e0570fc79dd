// The app-shell portal seen three ways: statically (almost nothing), with --render auto (its real
// pages, links and forms, and the phase its author intended), and the other example portals with
// --render auto (the home-page probe renders one page each and keeps the static reading).
// Needs Chromium (CI installs Debian's chromium in .ci/run).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW } from '../../src/demo/site.ts';
import { cityFromEntries, type CityFacts } from '../../src/gather/city-facts.ts';
import { createRenderer, type Renderer } from '../../src/render/renderer.ts';
import { evaluateCity, loadRubric } from '../../src/score/index.ts';
import { crawlCity, requireChromium, type CrawledPage, type Target } from './helpers.ts';
import { say } from '../support/say.ts';

let server: PortalServer;
let renderer: Renderer;
let shell: Target;
let staticPages: CrawledPage[];
let renderedPages: CrawledPage[];
let renderMs = 0;

const cityFacts = (t: Target, pages: CrawledPage[]): CityFacts => {
  const home = pages.find((p) => p.depth === 0);
  return cityFromEntries(
    {
      cityId: t.id,
      cityName: t.name,
      portal: t.portal,
      domains: t.domains,
      reachable: Boolean(home?.facts) && (home?.status ?? 0) < 400,
      portalReason: home?.reason ?? 'error',
      now: DEMO_NOW,
    },
    pages,
  );
};

beforeAll(async () => {
  const executablePath = requireChromium();
  server = await startPortalServer();
  renderer = createRenderer({ executablePath, resolve: server.resolve, onlyResolved: true, allowPrivate: true, timeoutMs: 15_000, idleMaxMs: 1_500 });
  shell = server.targets().find((t) => t.id === 'kaliwangi')!;
  staticPages = (await crawlCity(server, shell)).pages;
  const started = Date.now();
  renderedPages = (await crawlCity(server, shell, renderer)).pages;
  renderMs = Date.now() - started;
}, 60_000);

afterAll(async () => {
  await renderer?.close();
  await server?.close();
});

describe('the app-shell portal', () => {
  it('is almost invisible to a static crawl', () => {
    const html = staticPages.filter((p) => p.facts);
    expect(html.length).toBeLessThanOrEqual(2);
    expect(html[0]!.facts!.links.length).toBe(0);
  });

  it('shows its real pages, links and forms when rendered because it looks like an app shell', () => {
    const html = renderedPages.filter((p) => p.facts && p.status === 200);
    say(`kaliwangi: static ${staticPages.length} pages, rendered ${html.length} pages in ${renderMs} ms; stats ${JSON.stringify(renderer.stats())}`);
    expect(html.length).toBeGreaterThanOrEqual(12);
    expect(html.every((p) => p.rendered)).toBe(true);
    expect(html.find((p) => p.depth === 0)!.why).toBe('empty_root #app');
    const paths = html.map((p) => new URL(p.url).pathname);
    for (const p of ['/profil/', '/layanan/', '/layanan/permohonan/', '/lacak/', '/pengaduan/', '/ppid/', '/berita/akta-kelahiran-online-tanpa-antre/']) {
      expect(paths).toContain(p);
    }
    const upload = html.find((p) => p.url.endsWith('/layanan/permohonan/'))!;
    expect(upload.facts!.forms.some((f) => f.fields.some((x) => x.kind === 'file'))).toBe(true);
    expect(upload.facts!.meta.title).toMatch(/^Permohonan Online/);
    // The documents of the PPID page and the broken menu entry are found as well.
    expect(renderedPages.some((p) => p.kind === 'document' && p.url.endsWith('.pdf'))).toBe(true);
    expect(renderedPages.some((p) => p.status === 500)).toBe(true);
  });

  it('gets its intended phase (transaction) only when rendered', async () => {
    const rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
    const intended = server.cities.find((c) => c.id === 'kaliwangi')!.phase;
    expect(intended).toBe('transaction');
    const rendered = await evaluateCity(rubric, cityFacts(shell, renderedPages));
    const flat = await evaluateCity(rubric, cityFacts(shell, staticPages));
    say(`kaliwangi rendered: ${rendered.phase} (${rendered.phaseReason}); static: ${flat.phase} (${flat.phaseReason})`);
    expect(rendered.phase).toBe(intended);
    expect(flat.phase).not.toBe(intended);
  });
});

describe('--render auto on the server-rendered example portals', () => {
  it('renders only their home page (the probe) and keeps the static reading', async () => {
    const counts: string[] = [];
    for (const t of server.targets()) {
      if (t.id === 'kaliwangi') continue;
      const { pages, decisions } = await crawlCity(server, t, renderer);
      const rendered = pages.filter((p) => p.rendered);
      counts.push(`${t.id}: ${rendered.length}/${pages.filter((p) => p.facts).length} rendered, home ${decisions[0]?.why}`);
      expect(rendered, t.id).toEqual([]);
      expect(decisions[0]?.why, t.id).toMatch(/^static \(links_same/);
    }
    say(counts.join('\n'));
  }, 60_000);
});
