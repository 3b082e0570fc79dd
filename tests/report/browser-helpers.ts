// Opening a report.html in Debian Chromium (playwright-core) with every request refused.
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PageCheck {
  charts: Array<{ kind: string; width: number; height: number }>;
  text: string;
  requests: string[];
  consoleErrors: string[];
  dialogs: string[];
  firstCity: string;
}

/** Opens a report from disk, refusing every request that is not file:, and screenshots it. */
export async function checkReport(browser: Browser, file: string, screenshot?: string): Promise<PageCheck> {
  const context = await browser.newContext({ viewport: { width: 1240, height: 900 }, deviceScaleFactor: 1 });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  // The sort buttons work: sorting by total puts the highest first.
  await page.locator('table.overview thead th', { hasText: /^Total/ }).locator('button').click();
  const firstCity = await page.locator('table.overview tbody tr').first().locator('td').first().innerText();
  const charts = await page.$$eval('svg.chart', (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { kind: e.getAttribute('data-chart') ?? '', width: r.width, height: r.height };
    }),
  );
  const text = await page.evaluate(() => document.body.innerText);
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await context.close();
  return { charts, text, requests, consoleErrors, dialogs, firstCity };
}

