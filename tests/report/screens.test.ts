// report.html on a phone and on a desktop, in real Chromium: the page must keep the screen's width
// (wide tables and charts scroll inside their own box) and no text may be drawn smaller than 10 px,
// charts included (an SVG scaled down to fit a phone took its 11 px labels to ~3 px).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/report/write-report.ts';
import { ARGS, CHROMIUM } from './browser-helpers.ts';
import { writeFakeOutput, type FakeOutput } from './fixtures.ts';

let browser: Browser;
let fake: FakeOutput;
let shots: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  fake = await writeFakeOutput({ runs: 2 });
  await writeReport(join(fake.out, fake.latest), { lang: 'id' });
  shots = mkdtempSync(join(tmpdir(), 'egovscan-screens-'));
}, 60_000);
afterAll(async () => {
  await browser?.close();
  fake?.cleanup();
  if (shots) rmSync(shots, { recursive: true, force: true });
});

interface Layout {
  viewport: number;
  scrollWidth: number;
  smallest: number;
  smallestText: string;
  charts: number;
}

async function layout(width: number): Promise<Layout> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  try {
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    const page = await context.newPage();
    await page.goto(`file://${join(fake.out, fake.latest, 'report.html')}`, { waitUntil: 'load' });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    const shot = join(shots, `report-${width}.png`);
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    return await page.evaluate(() => {
      let smallest = Infinity;
      let smallestText = '';
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!el || !(node.textContent ?? '').trim()) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        let size = parseFloat(getComputedStyle(el).fontSize);
        const svg = el.closest('svg');
        if (svg) {
          const vb = (svg as SVGSVGElement).viewBox.baseVal;
          if (vb && vb.width > 0) size *= svg.getBoundingClientRect().width / vb.width;
        }
        if (size < smallest) {
          smallest = size;
          smallestText = (node.textContent ?? '').trim().slice(0, 40);
        }
      }
      return {
        viewport: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        smallest,
        smallestText,
        charts: document.querySelectorAll('svg.chart').length,
      };
    });
  } finally {
    await context.close();
  }
}

describe('report.html on any screen', () => {
  it.each([390, 1440])('at %i px keeps the page within the screen and every text readable', async (width) => {
    const l = await layout(width);
    expect(l.charts).toBeGreaterThan(2);
    expect(l.scrollWidth, 'the page itself scrolls sideways').toBeLessThanOrEqual(l.viewport + 1);
    expect(l.smallest, `smallest text: "${l.smallestText}"`).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
