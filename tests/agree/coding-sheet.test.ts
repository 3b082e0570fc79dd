// Reading a coding sheet as Excel writes it (`;` or `,`, BOM or not), the coding words, and the
// one-line messages for a bad sheet: file, line, column.
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCodingSheet, parseMet } from '../../src/agree/coding-sheet.ts';
import { compareCoding } from '../../src/agree/compare.ts';
import { verdictKey, type RunVerdicts, type Verdict } from '../../src/agree/run-verdicts.ts';
import { InputError } from '../../src/config/input-error.ts';

function run(): RunVerdicts {
  const cities = new Map(
    ['medan', 'surabaya'].map((id) => [id, { id, name: `Kota ${id}`, portalUrl: `https://${id}.go.id/`, phase: id === 'medan' ? 'interaction' : 'presence', phaseReason: `reason ${id}` }]),
  );
  const indicators = new Map(
    [
      ['t_profile', 'transparency'],
      ['a_complaint', 'aspiration'],
      ['d_accessibility', 'display'],
    ].map(([id, criterion]) => [id!, { id: id!, criterion: criterion!, name: id!, description: '' }]),
  );
  const verdicts = new Map<string, Verdict>();
  const v = (cityId: string, indicator: string, value: number | null) =>
    verdicts.set(verdictKey(cityId, indicator), {
      cityId,
      indicator,
      criterion: indicators.get(indicator)!.criterion,
      assessed: value !== null,
      met: value !== null && value >= 0.5,
      value,
      points: '',
      maxPoints: '',
      evidenceUrl: value ? `https://${cityId}.go.id/${indicator}` : '',
      evidenceText: `evidence ${cityId} ${indicator}`,
    });
  v('medan', 't_profile', 1);
  v('medan', 'a_complaint', 0.5);
  v('medan', 'd_accessibility', null);
  v('surabaya', 't_profile', 1);
  v('surabaya', 'a_complaint', 0.25);
  v('surabaya', 'd_accessibility', null);
  return { dir: 'run', runId: 'r1', cities, indicators, verdicts };
}

function problems(text: string): string[] {
  try {
    parseCodingSheet(text, 'sheet.csv', run());
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message.split('\n');
  }
  throw new Error('no error');
}

describe('coding sheet', () => {
  it('reads the coding words in any case, blank as not coded', () => {
    for (const w of ['1', 'yes', 'YA', 'true', 'Met', 'y']) expect(parseMet(w)).toBe(true);
    for (const w of ['0', 'no', 'Tidak', 'FALSE', 'not met', 'Not  Met', 'n']) expect(parseMet(w)).toBe(false);
    expect(parseMet('  ')).toBeNull();
    expect(parseMet('maybe')).toBeUndefined();
    expect(parseMet('2')).toBeUndefined();
  });

  it('picks the separator from the header, ignoring quoted ones', () => {
    expect(detectDelimiter('city_id;indicator;met\n1,2,3,4')).toBe(';');
    expect(detectDelimiter('city_id,indicator,met,"a;b;c"\n')).toBe(',');
  });

  it('reads an Indonesian Excel sheet: BOM, semicolons, a note with a separator and a line break, extra columns', () => {
    const text =
      '\uFEFFcity_id;city_name;Indicator;MET;phase;note\r\n' +
      'medan;Kota Medan;t_profile;ya;interaction;"ada; di menu\r\nProfil"\r\n' +
      'medan;Kota Medan;a_complaint;tidak;interaction;\r\n' +
      'surabaya;Kota Surabaya;t_profile;;;\r\n' +
      'Surabaya;Kota Surabaya;A_Complaint;1;transaction;\r\n' +
      'surabaya;Kota Surabaya;d_accessibility;0;;\r\n';
    const sheet = parseCodingSheet(text, 'sheet.csv', run());
    expect(sheet.delimiter).toBe(';');
    expect(sheet.items.map((i) => [i.cityId, i.indicator, i.met, i.line])).toEqual([
      ['medan', 't_profile', true, 2],
      ['medan', 'a_complaint', false, 4],
      ['surabaya', 'a_complaint', true, 6],
      ['surabaya', 'd_accessibility', false, 7],
    ]);
    expect(sheet.items[0]!.note).toBe('ada; di menu\r\nProfil');
    expect(sheet.notCoded).toBe(1);
    expect(sheet.phases).toEqual([
      { cityId: 'medan', phase: 'interaction', line: 2 },
      { cityId: 'surabaya', phase: 'transaction', line: 6 },
    ]);

    const result = compareCoding(run(), sheet);
    // d_accessibility was not assessed: left out and listed. medan a_complaint (0.5 → met) vs coder
    // tidak; surabaya a_complaint (0.25 → not met) vs coder 1: both disagree.
    expect(result.notAssessed).toEqual([{ indicator: 'd_accessibility', criterion: 'display', coded: 1 }]);
    expect(result.overall.n).toBe(3);
    expect(result.overall.confusion).toEqual({ bothMet: 1, coderOnly: 1, egovscanOnly: 1, neither: 0 });
    const d = result.disagreements.filter((x) => x.kind === 'indicator');
    expect(d.map((x) => [x.cityId, x.indicator, x.coder, x.egovscan])).toEqual([
      ['medan', 'a_complaint', 'not met', 'met'],
      ['surabaya', 'a_complaint', 'met', 'not met'],
    ]);
    expect(d[0]!.evidenceUrl).toBe('https://medan.go.id/a_complaint');
    expect(result.phase.n).toBe(2);
    expect(result.phase.exact).toBe(1);
    expect(result.phase.withinOne).toBe(1); // presence → transaction is two rungs
    expect(result.phase.matrix[3]![1]).toBe(1); // coder transaction, egovscan presence
  });

  it('names file, line and column for each bad row, all at once', () => {
    const lines = problems(
      'city_id,indicator,met,phase\n' +
        'medan,t_profile,1,\n' +
        'nowhere,t_profile,1,\n' +
        'medan,t_profil,1,\n' +
        'surabaya,t_profile,perhaps,\n' +
        'medan,a_complaint,0,portal\n' +
        'medan,t_profile,0,\n',
    );
    expect(lines).toEqual([
      expect.stringMatching(/^sheet\.csv: line 3: city_id: unknown city "nowhere" in run r1; known: medan, surabaya$/),
      expect.stringMatching(/^sheet\.csv: line 4: indicator: unknown indicator "t_profil" in run r1 \(did you mean "t_profile"\?\)/),
      expect.stringMatching(/^sheet\.csv: line 5: met: "perhaps" is not a coding word; use 1\/0, yes\/no, ya\/tidak/),
      expect.stringMatching(/^sheet\.csv: line 6: phase: "portal" is not a phase; use one of none, presence, interaction, transaction, transformation/),
      expect.stringMatching(/^sheet\.csv: line 7: indicator: "t_profile" for city "medan" is coded twice \(also on line 2\)/),
    ]);
  });

  it('refuses a city with two phases and a sheet without a required column', () => {
    expect(problems('city_id,indicator,met,phase\nmedan,t_profile,1,presence\nmedan,a_complaint,1,interaction\n')).toEqual([
      'sheet.csv: line 3: phase: "interaction" for city "medan", but line 2 says "presence"; a city has one phase',
    ]);
    const missing = problems('city_id;indicator;coded\nmedan;t_profile;1\n');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^sheet\.csv: line 1: met: missing column "met"; the header must have city_id, indicator, met/);
  });
});
