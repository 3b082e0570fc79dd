// axe-core on a rendered page. We inject axe.min.js ourselves (page.evaluate is not subject to the
// page's Content-Security-Policy) instead of going through AxeBuilder's default mode, which opens an
// extra page per run: ~100–200 ms instead of ~500–700 ms. Same axe-core 4.13.0 as
// @axe-core/playwright and Lighthouse's accessibility category.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** WCAG 2.0/2.1 level A and AA rules: what public-sector accessibility rules in Indonesia and elsewhere refer to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

let source: string | undefined;
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  /** Elements that fail the rule. */
  nodes: number;
}

export interface AxeOutcome {
  /** Violated rules (the number audits.csv reports as axe_violations). */
  violations: AxeViolation[];
  /** Failing elements over all rules. */
  nodes: number;
  elapsedMs: number;
}

/** Runs axe on the page as it is now (top document; frames are not entered). */
export async function runAxe(page: Page, tags: readonly string[] = AXE_TAGS): Promise<AxeOutcome> {
  const started = Date.now();
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(axeSource());
  const violations = await page.evaluate(async (values: string[]) => {
    type AxeResult = { violations: Array<{ id: string; impact?: string | null; nodes: unknown[] }> };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<AxeResult> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'], iframes: false });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.length }));
  }, [...tags]);
  violations.sort((a, b) => a.id.localeCompare(b.id));
  return { violations, nodes: violations.reduce((n, v) => n + v.nodes, 0), elapsedMs: Date.now() - started };
}
