// The column definitions used for the dictionary and the data package must agree with the column
// lists the other stages write their files with.
import { describe, expect, it } from 'vitest';
import { summariseApps } from '../../src/apps/liveness.ts';
import { summariseKinds } from '../../src/apps/kind.ts';
import { APPLICATION_COLUMN_NAMES } from '../../src/report/applications.ts';
import {
  AUDITS_COLUMNS, CITIES_COLUMNS, CRITERIA_CSV_COLUMNS, DICTIONARY_COLUMNS, LINKS_COLUMNS, PAGES_COLUMNS, columnNames, comparisonColumns, historyColumns,
} from '../../src/report/columns.ts';
import { DIFF_COLUMNS } from '../../src/report/diff.ts';
import { outputFiles } from '../../src/report/dictionary.ts';
import { tableField } from '../../src/report/datapackage.ts';
import { CRITERIA_COLUMNS, scoreColumns } from '../../src/score/rows.ts';
import { loadRubric } from '../../src/score/rubric.ts';
import type { AuditRecord } from '../../src/indicators/types.ts';

const CONTRACT_CITIES =
  'run_id, city_id, city_name, portal_url, crawled_at, pages_crawled, score_transparency, score_service, score_efficiency, score_economy, score_aspiration, score_display, score_update, score_total, phase, phase_reason, apps_total, apps_active, apps_stale, apps_inactive, broken_links, apps_unknown, flagged_pages, websites_total, platforms_total, mobile_apps_total, degraded, portal_reachable'.split(', ');

describe('column definitions', () => {
  it('cities.csv follows the contract, and its score columns follow the default rubric', async () => {
    expect(columnNames(CITIES_COLUMNS)).toEqual(CONTRACT_CITIES);
    const rubric = await loadRubric('criteria/sitokdana-2015.yaml');
    expect(columnNames(CITIES_COLUMNS).filter((c) => c.startsWith('score_'))).toEqual(scoreColumns(rubric));
  });

  it('cities.csv application counts are the ones the applications stage computes', () => {
    const keys = [...Object.keys(summariseApps([])), ...Object.keys(summariseKinds([]))];
    for (const k of keys) expect(columnNames(CITIES_COLUMNS)).toContain(k);
  });

  it('criteria.csv matches the scoring stage\'s column list', () => {
    expect(columnNames(CRITERIA_CSV_COLUMNS)).toEqual([...CRITERIA_COLUMNS]);
  });

  it('audits.csv matches the contract and the audit record', () => {
    const record: Required<AuditRecord> = { url: '', performance: 0, accessibility: 0, best_practices: 0, seo: 0, lcp_ms: 0, cls: 0, tbt_ms: 0, axe_violations: 0 };
    expect(columnNames(AUDITS_COLUMNS)).toEqual(['run_id', 'city_id', ...Object.keys(record)]);
  });

  it('the dictionary uses the writers\' own definitions for applications, diff, pages and links', () => {
    const files = outputFiles(['transparency'], ['t_profile']);
    const names = (f: string) => files.find((x) => x.file === f)!.columns.map((c) => c.name);
    expect(names('applications.csv')).toEqual(APPLICATION_COLUMN_NAMES);
    expect(names('diff-*.csv')).toEqual(columnNames(DIFF_COLUMNS));
    expect(names('pages.csv')).toEqual(columnNames(PAGES_COLUMNS));
    expect(names('links.csv')).toEqual(columnNames(LINKS_COLUMNS));
    expect(names('dictionary.csv')).toEqual(columnNames(DICTIONARY_COLUMNS));
  });

  it('every column of every file has a unique name, a meaning and a Table Schema type', () => {
    const types = ['string', 'integer', 'number', 'boolean', 'datetime', 'date'];
    for (const f of outputFiles(['transparency', 'service'], ['t_profile', 's_form'])) {
      const names = f.columns.map((c) => c.name);
      expect(new Set(names).size, f.file).toBe(names.length);
      for (const c of f.columns) {
        expect(c.description.length, `${f.file} ${c.name}`).toBeGreaterThan(5);
        expect(types, `${f.file} ${c.name}`).toContain(c.type);
      }
    }
  });

  it('comparison and history columns follow the rubric', () => {
    const cmp = columnNames(comparisonColumns(['participation', 'technology'], ['p_forum', 't_https']));
    expect(cmp).toContain('score_participation');
    expect(cmp.slice(-2)).toEqual(['ind_p_forum', 'ind_t_https']);
    expect(columnNames(historyColumns(['participation']))).toContain('score_participation');
  });

  it('enumerations become Table Schema enum constraints, placeholder words do not', () => {
    const phase = CITIES_COLUMNS.find((c) => c.name === 'phase')!;
    expect(tableField(phase).constraints).toEqual({ enum: ['none', 'presence', 'interaction', 'transaction', 'transformation'] });
    const reason = PAGES_COLUMNS.find((c) => c.name === 'reason')!;
    expect(tableField(reason).constraints).toBeUndefined();
    const rank = comparisonColumns([], []).find((c) => c.name === 'phase_rank')!;
    expect(tableField(rank).constraints).toEqual({ enum: [0, 1, 2, 3, 4] });
  });
});
