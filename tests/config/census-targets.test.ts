import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/config/input-error.ts';
import { loadTargets, parseTargets, type Target } from '../../src/config/targets.ts';

const FILE = 'targets/indonesia-local-governments.yaml';

// Kabupaten and kota per province after the 2022 Papua split, written down independently of the
// file (Kemendagri's counts: 416 kabupaten, counting Kepulauan Seribu, and 98 kota, counting
// Jakarta's five administrative cities), so that a dropped or doubled line shows up here.
const EXPECTED: Record<string, [name: string, kabupaten: number, kota: number]> = {
  '11': ['Aceh', 18, 5], '12': ['Sumatera Utara', 25, 8], '13': ['Sumatera Barat', 12, 7],
  '14': ['Riau', 10, 2], '15': ['Jambi', 9, 2], '16': ['Sumatera Selatan', 13, 4],
  '17': ['Bengkulu', 9, 1], '18': ['Lampung', 13, 2], '19': ['Kepulauan Bangka Belitung', 6, 1],
  '21': ['Kepulauan Riau', 5, 2], '31': ['DKI Jakarta', 1, 5], '32': ['Jawa Barat', 18, 9],
  '33': ['Jawa Tengah', 29, 6], '34': ['Daerah Istimewa Yogyakarta', 4, 1], '35': ['Jawa Timur', 29, 9],
  '36': ['Banten', 4, 4], '51': ['Bali', 8, 1], '52': ['Nusa Tenggara Barat', 8, 2],
  '53': ['Nusa Tenggara Timur', 21, 1], '61': ['Kalimantan Barat', 12, 2], '62': ['Kalimantan Tengah', 13, 1],
  '63': ['Kalimantan Selatan', 11, 2], '64': ['Kalimantan Timur', 7, 3], '65': ['Kalimantan Utara', 4, 1],
  '71': ['Sulawesi Utara', 11, 4], '72': ['Sulawesi Tengah', 12, 1], '73': ['Sulawesi Selatan', 21, 3],
  '74': ['Sulawesi Tenggara', 15, 2], '75': ['Gorontalo', 5, 1], '76': ['Sulawesi Barat', 6, 0],
  '81': ['Maluku', 9, 2], '82': ['Maluku Utara', 8, 2], '91': ['Papua', 8, 1], '92': ['Papua Barat', 7, 0],
  '93': ['Papua Selatan', 4, 0], '94': ['Papua Tengah', 8, 0], '95': ['Papua Pegunungan', 8, 0],
  '96': ['Papua Barat Daya', 5, 1],
};

describe('targets/indonesia-local-governments.yaml', async () => {
  // Through the project's own loader: the file must pass the same validation as any targets file.
  const targets: Target[] = await loadTargets(FILE);
  const text = await readFile(FILE, 'utf8');
  const of = (level: string) => targets.filter((t) => t.level === level);

  it('lists 552 local governments: 38 provinces, 416 kabupaten, 98 kota', () => {
    expect(targets).toHaveLength(552);
    expect(of('province')).toHaveLength(38);
    expect(of('regency')).toHaveLength(416);
    expect(of('city')).toHaveLength(98);
    expect(targets.every((t) => t.country === 'ID')).toBe(true);
  });

  it('has unique ids, region codes and portal hosts', () => {
    const unique = (values: unknown[]) => new Set(values).size;
    expect(unique(targets.map((t) => t.id))).toBe(552);
    expect(unique(targets.map((t) => t.region_code))).toBe(552);
    expect(unique(targets.map((t) => new URL(t.portal).hostname.replace(/^www\./, '')))).toBe(552);
  });

  it('writes codes in the Kemendagri shape: "NN" for a province, "NN.NN" below it, kota from 71', () => {
    for (const t of targets) {
      const code = t.region_code ?? '';
      if (t.level === 'province') expect(code, t.id).toMatch(/^\d{2}$/);
      else expect(code, t.id).toMatch(/^\d{2}\.\d{2}$/);
      // Kemendagri numbers a province's kota from 71 and its kabupaten below that.
      if (t.level === 'city') expect(Number(code.slice(3)), t.id).toBeGreaterThanOrEqual(71);
      if (t.level === 'regency') expect(Number(code.slice(3)), t.id).toBeLessThan(71);
    }
  });

  it('names each government by its tier and files every regency and city under a listed province', () => {
    const prefix = { province: 'Provinsi ', regency: 'Kabupaten ', city: 'Kota ' } as const;
    const provinces = new Map(of('province').map((p) => [p.region_code, p]));
    for (const t of targets) {
      expect(t.name.startsWith(prefix[t.level as keyof typeof prefix]), t.id).toBe(true);
      if (t.level !== 'province') expect(provinces.has(t.region_code!.slice(0, 2)), t.id).toBe(true);
    }
  });

  it('has per province the kabupaten and kota the register has', () => {
    const seen: Record<string, [string, number, number]> = {};
    for (const p of of('province')) seen[p.region_code!] = [p.name.replace(/^Provinsi /, ''), 0, 0];
    for (const t of targets) {
      const row = seen[t.region_code!.slice(0, 2)]!;
      if (t.level === 'regency') row[1] += 1;
      if (t.level === 'city') row[2] += 1;
    }
    expect(seen).toEqual(EXPECTED);
  });

  it('moves the 2022 Papua regencies to their new provinces', () => {
    const code = (id: string) => targets.find((t) => t.id === id)?.region_code;
    expect(code('kab-merauke')).toBe('93.01');
    expect(code('kab-mimika')).toBe('94.04');
    expect(code('kab-jayawijaya')).toBe('95.01');
    expect(code('kota-sorong')).toBe('96.71');
    expect(code('kab-jayapura')).toBe('91.03');
  });

  it('agrees with targets/indonesia.yaml on the portals of the ten cities both list', async () => {
    const ten = await loadTargets('targets/indonesia.yaml');
    const byName = new Map(targets.map((t) => [t.name, t]));
    for (const city of ten) expect(byName.get(city.name)?.portal, city.id).toBe(city.portal);
  });

  it('marks every portal either with its dated source or as unverified', () => {
    const lines = text.split('\n').filter((line) => line.trimStart().startsWith('- { id:'));
    expect(lines).toHaveLength(552);
    const unmarked = lines.filter((line) => !/# (source: \S|unverified)/.test(line));
    expect(unmarked).toEqual([]);
    // A source must say something, and a line cannot claim both.
    expect(lines.filter((line) => /# source: .*unverified|# unverified.*# source:/.test(line))).toEqual([]);
    for (const t of targets) expect(new URL(t.portal).hostname, t.id).toMatch(/\.go\.id$/);
  });

  it('is counted in docs/census.md as it is: sourced, unverified by rule, recalled and with a lead', async () => {
    const doc = await readFile('docs/census.md', 'utf8');
    const lines = text.split('\n').filter((line) => line.trimStart().startsWith('- { id:'));
    const count = (re: RegExp) => lines.filter((line) => re.test(line)).length;
    const stated = (re: RegExp) => Number(re.exec(doc)?.[1]);
    expect(stated(/only (\d+) of the 552 are backed by a dated source/)).toBe(count(/# source: /));
    expect(stated(/\*\*(\d+) are marked\s+`# unverified`\*\*/)).toBe(count(/# unverified/));
    expect(stated(/(\d+) follow the naming rule/)).toBe(count(/# unverified$/));
    expect(stated(/(\d+) are\s+well-known exceptions/)).toBe(count(/# unverified: recalled exception/));
    expect(stated(/(\d+) carry a lead/)).toBe(count(/# unverified: (?!recalled exception)/));
  });
});

describe('region_code and level in the targets schema', () => {
  const file = (extra: string, second = '') =>
    `targets:\n  - { id: a, name: Kota A, portal: https://a.go.id/${extra} }\n${second}`;
  const problems = (text: string) => {
    try {
      parseTargets(text, 'census.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).problems.map((p) => `${p.field ?? ''}: ${p.message}`);
    }
    throw new Error('expected an InputError');
  };

  it('keeps a quoted code and a level', () => {
    const [t] = parseTargets(file(', region_code: "32.10", level: regency'), 'census.yaml');
    expect(t).toMatchObject({ region_code: '32.10', level: 'regency' });
  });

  it('asks for quotes when YAML has read the code as a number (32.10 would become 32.1)', () => {
    expect(problems(file(', region_code: 32.10'))).toEqual([
      'region_code: must be written in quotes, e.g. region_code: "32.10" (unquoted YAML reads it as the number 32.1)',
    ]);
  });

  it('rejects a malformed code, an unknown level and a code used twice', () => {
    expect(problems(file(', region_code: "32 73"'))[0]).toMatch(/^region_code: must be an official area code/);
    expect(problems(file(', level: town'))[0]).toBe(
      'level: must be one of province, regency, city, district, village, got "town"',
    );
    const twice = file(', region_code: "32.73"', '  - { id: b, name: Kota B, portal: https://b.go.id/, region_code: "32.73" }\n');
    expect(problems(twice)).toEqual(['region_code: duplicate region_code "32.73": targets[0] already uses it']);
  });
});
