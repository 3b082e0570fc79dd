import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/input-error.ts';
import { loadRubric, parseRubric } from '../../src/score/index.ts';

const FILE = join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml');
const base = () => parse(readFileSync(FILE, 'utf8')) as Record<string, any>;

function problems(mutate: (r: Record<string, any>) => void) {
  const data = base();
  mutate(data);
  try {
    parseRubric(data, 'criteria/bad.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problems;
  }
  throw new Error('expected the rubric to be rejected');
}

describe('rubric validation', () => {
  it('loads both bundled rubrics', async () => {
    const s = await loadRubric(FILE);
    expect(s.criteria.map((c) => c.id)).toEqual(['transparency', 'service', 'efficiency', 'economy', 'aspiration', 'display', 'update']);
    for (const c of s.criteria) expect(s.indicators.filter((i) => i.criterion === c.id).length).toBeGreaterThanOrEqual(3);
    const l = await loadRubric(join(import.meta.dirname, '../../criteria/losi-2022.yaml'));
    expect(l.indicators.some((i) => i.detect.kind === 'manual')).toBe(true);
  });

  it('names the file, the indicator and the field of a bad detector', () => {
    const p = problems((r) => {
      r.indicators[1].detect.in = ['link_txt'];
      r.indicators[2].detect.colour = 'red';
    });
    expect(p).toHaveLength(2);
    expect(p[0]).toMatchObject({ file: 'criteria/bad.yaml', entry: 'indicators[1] (id "t_ppid")', field: 'detect.in[0]' });
    expect(p[0]!.message).toContain('link_text');
    expect(p[1]).toMatchObject({ entry: 'indicators[2] (id "t_budget")', field: 'detect' });
    expect(p[1]!.message).toContain('colour');
  });

  it('rejects unknown keys, unknown criteria, non-positive weights and duplicate ids', () => {
    expect(problems((r) => (r.indicators[0].weight = 2))[0]).toMatchObject({ entry: 'indicators[0] (id "t_profile")' });
    expect(problems((r) => (r.indicators[0].criterion = 'transparancy'))[0]).toMatchObject({ field: 'criterion' });
    expect(problems((r) => (r.criteria[3].weight = 0))[0]).toMatchObject({ entry: 'criteria[3] (id "economy")', field: 'weight' });
    expect(problems((r) => (r.criteria[6].weight = -1))[0]!.field).toBe('weight');
    expect(problems((r) => (r.indicators[1].points = -1))[0]!.field).toBe('points');
    expect(problems((r) => (r.indicators[1].id = 't_profile'))[0]!.message).toContain('duplicate');
    expect(problems((r) => (r.extra = 1))[0]!.message).toContain('extra');
  });

  it('checks that phase requirements name existing indicators', () => {
    const p = problems((r) => {
      r.phases.transaction.requires.any_of[0].at_least.of.push('s_payment');
      r.phases.transaction.requires.any_of[0].at_least.n = 9;
      r.phases.presence.requires.any_of.push({ partly: 't_profil' });
    });
    expect(p.map((x) => `${x.entry} ${x.field} ${x.message}`)).toEqual([
      'phases.presence requires unknown indicator "t_profil"',
      'phases.transaction requires unknown indicator "s_payment"',
      'phases.transaction requires.any_of[0].at_least.n asks for 9 of a list of 5',
    ]);
  });

  it('takes a points-free indicator as a signal of the ladder only', async () => {
    const r = await loadRubric(FILE);
    const signals = r.indicators.filter((i) => i.points === 0).map((i) => i.id);
    expect(signals).toEqual(expect.arrayContaining(['t_gov_information', 'a_online_contact']));
  });

  it('rejects an empty keyword list and a number where a keyword belongs', () => {
    expect(problems((r) => (r.indicators[1].detect.any = []))[0]!.field).toBe('detect.any');
    expect(problems((r) => (r.indicators[1].detect.any = [112]))[0]!.message).toContain('quotes');
  });

  it('exits with code 2 through InputError for a syntax error, naming the line', async () => {
    const { mkdtemp, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'rubric-'));
    try {
      const f = join(dir, 'broken.yaml');
      await writeFile(f, 'id: x\ncriteria:\n  - id: a\n   weight: 1\n');
      await expect(loadRubric(f)).rejects.toMatchObject({ name: 'InputError', problems: [expect.objectContaining({ file: f, line: expect.any(Number) })] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
