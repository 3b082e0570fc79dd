// Every indicator of the default rubric has a passing and a failing page: adding an indicator
// without fixtures fails here. Further cases sit beside them as pass-<case>.html and
// fail-<case>.html (a structure real portals have, with the answer a careful coder gives).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runIndicators } from '../../src/indicators/index.ts';
import type { AuditRecord } from '../../src/indicators/types.ts';
import { loadRubric, type Rubric } from '../../src/score/index.ts';
import { cityFromHtml, FIXTURE_PORTAL } from './helpers.ts';

const DIR = join(import.meta.dirname, 'fixtures');
let rubric: Rubric;
beforeAll(async () => {
  rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
});

interface FixtureMeta {
  url?: string;
  bytes?: number;
  audits?: AuditRecord[];
  /** The share of the points a failing case must come to (0: not even partial credit). */
  value?: number;
}

async function run(id: string, which: string) {
  const dir = join(DIR, id);
  const html = join(dir, `${which}.html`);
  expect(existsSync(html), `missing fixture ${html}`).toBe(true);
  const metaFile = join(dir, `${which}.json`);
  const meta: FixtureMeta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : {};
  const page = { url: meta.url ?? FIXTURE_PORTAL, html: readFileSync(html, 'utf8'), ...(meta.bytes ? { bytes: meta.bytes } : {}) };
  const spec = rubric.indicators.find((i) => i.id === id)!;
  const result = (await runIndicators([spec], cityFromHtml([page]), meta.audits))[0]!;
  if (meta.value !== undefined) expect(result.value, `${id}/${which} value`).toBe(meta.value);
  return result;
}

describe('sitokdana-2015 indicator fixtures', () => {
  it('has a fixture directory for every indicator', async () => {
    const r = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
    const missing = r.indicators.filter((i) => !existsSync(join(DIR, i.id, 'pass.html')) || !existsSync(join(DIR, i.id, 'fail.html')));
    expect(missing.map((i) => i.id)).toEqual([]);
  });

  // The ids are read synchronously so that each indicator is its own test case.
  const ids = [...readFileSync(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'), 'utf8').matchAll(/^  - id: (\S+)$/gm)]
    .map((m) => m[1]!)
    .filter((id) => !['transparency', 'service', 'efficiency', 'economy', 'aspiration', 'display', 'update'].includes(id));

  it.each(ids)('%s: pass.html meets it with evidence', async (id) => {
    const r = (await run(id, 'pass'));
    expect(r.met, r.note).toBe(true);
    expect(r.points).toBe(r.maxPoints);
    expect(r.evidence.length).toBeGreaterThan(0);
    for (const e of r.evidence) {
      expect(e.url).toMatch(/^https?:\/\//);
      expect(e.text.length).toBeGreaterThan(0);
      expect(e.text.length).toBeLessThanOrEqual(160);
    }
  });

  it.each(ids)('%s: fail.html does not meet it', async (id) => {
    await expectFail(id, 'fail');
  });

  const cases = ids.flatMap((id) =>
    existsSync(join(DIR, id))
      ? readdirSync(join(DIR, id))
          .filter((f) => /^(pass|fail)-[\w-]+\.html$/.test(f))
          .sort()
          .map((f) => [id, f.replace(/\.html$/, '')] as const)
      : [],
  );
  it('has further cases', () => expect(cases.length).toBeGreaterThan(20));
  it.each(cases)('%s: %s', async (id, which) => {
    if (which.startsWith('pass')) {
      const r = await run(id, which);
      expect(r.met, r.note).toBe(true);
      expect(r.points).toBe(r.maxPoints);
      expect(r.evidence.length).toBeGreaterThan(0);
    } else await expectFail(id, which);
  });

  async function expectFail(id: string, which: string) {
    const r = (await run(id, which));
    expect(r.met).toBe(false);
    // A signal of the phase ladder is worth no points: not met is all that can fail.
    if (r.maxPoints > 0) expect(r.points ?? 0).toBeLessThan(r.maxPoints);
    else expect(r.value).toBe(0);
  }
});
