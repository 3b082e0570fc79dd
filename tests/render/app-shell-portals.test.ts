// How often the `--render auto` rule fires on the example portals, crawled statically. This is the
// measurement quoted in docs/rendering.md: run `npx vitest run tests/render/app-shell-portals.test.ts`
// and read the table it prints. No browser needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { looksLikeAppShell } from '../../src/render/app-shell.ts';
import { crawlCity, type CrawledPage } from './helpers.ts';
import { say } from '../support/say.ts';

let server: PortalServer;
const byCity = new Map<string, { pages: CrawledPage[]; fired: Array<{ url: string; why: string }> }>();

beforeAll(async () => {
  server = await startPortalServer();
  for (const target of server.targets()) {
    const { pages } = await crawlCity(server, target);
    const fired: Array<{ url: string; why: string }> = [];
    for (const p of pages) {
      if (!p.facts || p.html === undefined) continue;
      const verdict = looksLikeAppShell(p.html, p.facts);
      if (verdict.render) fired.push({ url: p.url, why: verdict.why });
    }
    byCity.set(target.id, { pages, fired });
  }
  const lines = [...byCity].map(([id, c]) => {
    const html = c.pages.filter((p) => p.facts).length;
    return `${id.padEnd(14)} ${String(html).padStart(4)} pages  ${String(c.fired.length).padStart(3)} fire  ${c.fired.map((f) => f.why).join(', ')}`;
  });
  const total = [...byCity.values()].reduce((n, c) => n + c.pages.filter((p) => p.facts).length, 0);
  const fires = [...byCity.values()].reduce((n, c) => n + c.fired.length, 0);
  say(`app-shell rule on the example portals (static crawl):\n${lines.join('\n')}\nTOTAL ${total} HTML pages, rule fires on ${fires}`);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('the app-shell rule on the example portals', () => {
  it('fires on the app-shell portal, whose static crawl sees at most 2 pages', () => {
    const shell = byCity.get('kaliwangi')!;
    expect(shell.pages.filter((p) => p.facts).length).toBeLessThanOrEqual(2);
    expect(shell.fired.map((f) => f.why)).toContain('empty_root #app');
  });

  it('never fires on the server-rendered portals', () => {
    for (const [id, c] of byCity) {
      if (id === 'kaliwangi') continue;
      expect(c.fired, id).toEqual([]);
    }
  });
});
