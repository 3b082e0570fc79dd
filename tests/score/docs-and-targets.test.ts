import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../../src/config/targets.ts';
import { renderDoc } from '../../scripts/rubric-table.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('docs/criteria.md', () => {
  it('is what scripts/rubric-table.ts generates from the rubrics (rerun it after editing criteria/)', async () => {
    const committed = readFileSync(join(ROOT, 'docs/criteria.md'), 'utf8');
    expect(committed).toBe(await renderDoc());
    expect(committed).toContain('`u_fresh_30`');
    expect(committed).toContain('UN LOSI 2022');
  });
});

describe('targets/indonesia.yaml', () => {
  it('validates and covers the ten cities with their applications', async () => {
    const targets = await loadTargets(join(ROOT, 'targets/indonesia.yaml'));
    const ids = targets.map((t) => t.id);
    for (const id of ['medan', 'surabaya', 'semarang', 'makassar', 'jakarta', 'bandung', 'banjarmasin', 'jayapura', 'tangerang', 'yogyakarta']) {
      expect(ids).toContain(id);
    }
    for (const t of targets) {
      expect(t.applications?.length ?? 0, t.id).toBeGreaterThanOrEqual(3);
      for (const a of t.applications ?? []) expect(a.category, `${t.id} ${a.name}`).toMatch(/^G2[CBGE]$/);
      // Every application is on the city's own domains or on a national platform.
      const own = (host: string) => (t.domains ?? []).some((d) => host === d || host.endsWith(`.${d}`));
      for (const a of t.applications ?? []) expect(own(new URL(a.url).hostname) || /\.go\.id$/.test(new URL(a.url).hostname), a.url).toBe(true);
    }
  });
});
