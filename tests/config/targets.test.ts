import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, type InputProblem } from '../../src/config/input-error.ts';
import { filterTargets, loadTargets, parseTargets, type Target } from '../../src/config/targets.ts';

/** The problems of the InputError that `fn` throws; fails the test if it throws anything else. */
function problemsOf(fn: () => unknown): InputProblem[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

const F = 'targets.yaml';

/** A file with one otherwise valid target, with `extra` YAML lines added to it. */
function oneTarget(extra = '', id = 'medan'): string {
  return `targets:\n  - id: ${id}\n    name: Kota Medan\n    portal: https://portal.pemkomedan.go.id/\n${extra}`;
}

describe('parseTargets: valid files', () => {
  it('reads the contract example in YAML', () => {
    const yaml = `
targets:
  - id: medan                      # [a-z0-9-]+, unique
    name: Kota Medan
    country: ID                    # optional, ISO 3166-1 alpha-2
    portal: https://portal.pemkomedan.go.id/
    domains: [pemkomedan.go.id]    # optional: hosts under these count as the city's own
    applications:                  # optional: the known application inventory
      - { name: Medan Rumah Kita, url: https://mrk.pemkomedan.go.id/, category: G2C }
`;
    const expected: Target[] = [
      {
        id: 'medan',
        name: 'Kota Medan',
        country: 'ID',
        portal: 'https://portal.pemkomedan.go.id/',
        domains: ['pemkomedan.go.id'],
        applications: [{ name: 'Medan Rumah Kita', url: 'https://mrk.pemkomedan.go.id/', category: 'G2C' }],
      },
    ];
    expect(parseTargets(yaml, F)).toEqual(expected);
  });

  it('reads JSON, detected by the .json extension', () => {
    const json = JSON.stringify({
      targets: [
        { id: 'medan', name: 'Kota Medan', portal: 'https://portal.pemkomedan.go.id/' },
        { id: 'bandung', name: 'Kota Bandung', portal: 'http://bandung.go.id', applications: [{ name: 'Sapawarga', url: 'https://sapa.bandung.go.id/' }] },
      ],
    });
    const targets = parseTargets(json, 'cities.json');
    expect(targets.map((t) => t.id)).toEqual(['medan', 'bandung']);
    // category is optional: absent, not filled in, so later inference can tell it was not given.
    expect(targets[1]!.applications).toEqual([{ name: 'Sapawarga', url: 'https://sapa.bandung.go.id/' }]);
    expect('category' in targets[1]!.applications![0]!).toBe(false);
  });

  it('detects JSON by content when the extension says nothing, and YAML otherwise', () => {
    const json = '{"targets": [{"id": "a", "name": "A", "portal": "https://a.go.id/"}]}';
    expect(parseTargets(json, 'list.txt')[0]!.id).toBe('a');
    expect(parseTargets(oneTarget(), 'list')[0]!.id).toBe('medan');
    // A JSON syntax error in an unnamed file is reported as JSON, so detection really chose JSON.
    expect(messageOf(() => parseTargets('{"targets": [', 'list'))).toContain('JSON syntax error');
  });

  it('keeps `country: NO` as text (YAML 1.2, not the YAML 1.1 boolean)', () => {
    expect(parseTargets(oneTarget('    country: NO\n'), F)[0]!.country).toBe('NO');
  });

  it('accepts a byte-order mark and loopback portals (the demo uses them)', () => {
    const json = '\uFEFF{"targets": [{"id": "demo-1", "name": "Demo", "portal": "http://127.0.0.1:8080/", "domains": ["127.0.0.1", "localhost"]}]}';
    expect(parseTargets(json, 'demo.json')[0]!.domains).toEqual(['127.0.0.1', 'localhost']);
  });
});

describe('parseTargets: each kind of problem names file, entry and field', () => {
  it('bad portal URL', () => {
    const text = oneTarget('', 'medan').replace('https://portal.pemkomedan.go.id/', 'portal.pemkomedan');
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      {
        file: F,
        entry: 'targets[0] (id "medan")',
        field: 'portal',
        message: expect.stringMatching(/^must be an http\(s\) URL, got "portal\.pemkomedan"/),
      },
    ]);
    expect(messageOf(() => parseTargets(text, F))).toMatch(
      /^targets\.yaml: targets\[0\] \(id "medan"\): portal: must be an http\(s\) URL, got "portal\.pemkomedan"/,
    );
  });

  it('suggests the scheme when it is missing, and rejects other schemes', () => {
    const noScheme = oneTarget().replace('https://portal.pemkomedan.go.id/', 'portal.pemkomedan.go.id');
    expect(problemsOf(() => parseTargets(noScheme, F))[0]!.message).toContain('did you mean "https://portal.pemkomedan.go.id"?');
    const ftp = oneTarget('    applications:\n      - { name: Arsip, url: "ftp://arsip.pemkomedan.go.id/" }\n');
    expect(problemsOf(() => parseTargets(ftp, F))).toEqual([
      {
        file: F,
        entry: 'targets[0] (id "medan")',
        field: 'applications[0].url',
        message: 'must be an http(s) URL, got "ftp://arsip.pemkomedan.go.id/"',
      },
    ]);
  });

  it('unknown key, at every level, naming the key and suggesting the likely one', () => {
    const text = `targets:
  - id: medan
    name: Kota Medan
    portal: https://portal.pemkomedan.go.id/
    domian: [pemkomedan.go.id]
    applications:
      - { name: MRK, url: https://mrk.pemkomedan.go.id/, kategori: G2C }
version: 2
`;
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      { file: F, message: 'unknown key "version"; allowed keys are targets' },
      {
        file: F,
        entry: 'targets[0] (id "medan")',
        field: 'applications[0]',
        // Indonesian for the English key: the suggestion catches it.
        message: 'unknown key "kategori" (did you mean "category"?); allowed keys are name, url, category',
      },
      {
        file: F,
        entry: 'targets[0] (id "medan")',
        message: 'unknown key "domian" (did you mean "domains"?); allowed keys are id, name, country, portal, domains, applications, region_code, level',
      },
    ]);
  });

  it('duplicate id, naming both indices', () => {
    const text = `targets:
  - { id: medan, name: Kota Medan, portal: "https://portal.pemkomedan.go.id/" }
  - { id: binjai, name: Kota Binjai, portal: "https://binjaikota.go.id/" }
  - { id: medan, name: Kota Medan lagi, portal: "https://medan.go.id/" }
`;
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      { file: F, entry: 'targets[2] (id "medan")', field: 'id', message: 'duplicate id "medan": targets[0] already uses it' },
    ]);
  });

  it('bad category, listing the allowed values', () => {
    const text = oneTarget('    applications:\n      - { name: MRK, url: https://mrk.pemkomedan.go.id/, category: C2G }\n');
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      {
        file: F,
        entry: 'targets[0] (id "medan")',
        field: 'applications[0].category',
        message: 'must be one of G2C, G2B, G2G, G2E, got "C2G"',
      },
    ]);
  });

  it('bad id, stating the pattern and suggesting a valid one', () => {
    const [problem, ...rest] = problemsOf(() => parseTargets(oneTarget('', 'Kota Medan'), F));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: F, entry: 'targets[0] (id "Kota Medan")', field: 'id' });
    expect(problem!.message).toContain('[a-z0-9-]+');
    expect(problem!.message).toContain('(for example "kota-medan")');
  });

  it('a numeric id is a type error with the quoting fix', () => {
    expect(problemsOf(() => parseTargets(oneTarget('', '1275'), F))).toEqual([
      { file: F, entry: 'targets[0]', field: 'id', message: 'must be text, got the number 1275 (put it in quotes: "1275")' },
    ]);
  });

  it('missing required fields, in plain words', () => {
    const text = 'targets:\n  - id: medan\n    applications:\n      - url: https://mrk.pemkomedan.go.id/\n';
    const problems = problemsOf(() => parseTargets(text, F));
    expect(problems).toEqual([
      { file: F, entry: 'targets[0] (id "medan")', field: 'name', message: 'is required' },
      { file: F, entry: 'targets[0] (id "medan")', field: 'portal', message: 'is required' },
      { file: F, entry: 'targets[0] (id "medan")', field: 'applications[0].name', message: 'is required' },
    ]);
    expect(messageOf(() => parseTargets(text, F))).not.toMatch(/Invalid input|received|expected/);
  });

  it('a key with no value says so', () => {
    expect(problemsOf(() => parseTargets(oneTarget().replace('https://portal.pemkomedan.go.id/', ''), F))).toEqual([
      { file: F, entry: 'targets[0] (id "medan")', field: 'portal', message: 'must be an http(s) URL, got an empty value' },
    ]);
    expect(problemsOf(() => parseTargets(oneTarget().replace('Kota Medan', ''), F))).toEqual([
      { file: F, entry: 'targets[0] (id "medan")', field: 'name', message: 'has no value; it must be text' },
    ]);
  });

  it('empty or missing targets list, and an empty file', () => {
    expect(problemsOf(() => parseTargets('targets: []\n', F))).toEqual([
      { file: F, field: 'targets', message: 'is an empty list; add at least one target' },
    ]);
    expect(problemsOf(() => parseTargets('cities: []\n', F))).toEqual([
      { file: F, field: 'targets', message: 'is required' },
      { file: F, message: 'unknown key "cities"; allowed keys are targets' },
    ]);
    expect(problemsOf(() => parseTargets('# nothing yet\n', F))).toEqual([
      { file: F, message: 'the file is empty; it must contain a "targets:" list' },
    ]);
    expect(problemsOf(() => parseTargets('- id: medan\n', F))[0]!.message).toContain('put "targets:" above it');
  });

  it('wrong types: a list where text belongs, text where a list belongs, a scalar where an entry belongs', () => {
    const text = `targets:
  - id: medan
    name: [Kota, Medan]
    portal: https://portal.pemkomedan.go.id/
    domains: pemkomedan.go.id
  - just a string
`;
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      { file: F, entry: 'targets[0] (id "medan")', field: 'name', message: 'must be text, got a list' },
      { file: F, entry: 'targets[0] (id "medan")', field: 'domains', message: 'must be a list, got "pemkomedan.go.id"' },
      { file: F, entry: 'targets[1]', message: 'must be a mapping (key: value pairs), got "just a string"' },
    ]);
  });

  it('country must be two capital letters', () => {
    const [problem] = problemsOf(() => parseTargets(oneTarget('    country: id\n'), F));
    expect(problem).toMatchObject({ entry: 'targets[0] (id "medan")', field: 'country' });
    expect(problem!.message).toContain('(write "ID")');
    expect(problemsOf(() => parseTargets(oneTarget('    country: IDN\n'), F))[0]!.field).toBe('country');
  });

  it.each([
    ['https://pemkomedan.go.id/', 'not a URL: write "pemkomedan.go.id"'],
    ['pemkomedan.go.id/layanan', 'without a path: write "pemkomedan.go.id"'],
    ['Pemkomedan.go.id', 'must be lower-case: write "pemkomedan.go.id"'],
    ['"*.pemkomedan.go.id"', 'write "pemkomedan.go.id" instead of'],
    ['pemkomedan.go.id:8443', 'without a port: write "pemkomedan.go.id"'],
    ['pemko medan', 'must be a host name such as'],
  ])('domains entry %s gets a helpful message', (domain, expected) => {
    const problems = problemsOf(() => parseTargets(oneTarget(`    domains:\n      - ok.go.id\n      - ${domain}\n`), F));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: F, entry: 'targets[0] (id "medan")', field: 'domains[1]' });
    expect(problems[0]!.message).toContain(expected);
  });

  it('reports every problem in the file at once, grouped by entry', () => {
    const text = `targets:
  - id: Medan
    name: Kota Medan
    portal: portal.pemkomedan
    applications:
      - { name: MRK, url: https://mrk.pemkomedan.go.id/, category: X2C }
  - id: binjai
    name: Kota Binjai
    portal: https://binjaikota.go.id/
    homepage: https://binjaikota.go.id/
  - id: binjai
    portal: https://binjai.go.id/
`;
    const problems = problemsOf(() => parseTargets(text, F));
    expect(problems.map((p) => [p.entry, p.field ?? ''])).toEqual([
      ['targets[0] (id "Medan")', 'id'],
      ['targets[0] (id "Medan")', 'portal'],
      ['targets[0] (id "Medan")', 'applications[0].category'],
      ['targets[1] (id "binjai")', ''],
      ['targets[2] (id "binjai")', 'name'],
      ['targets[2] (id "binjai")', 'id'],
    ]);
    expect(problems[3]!.message).toContain('unknown key "homepage"');
    expect(problems[5]!.message).toBe('duplicate id "binjai": targets[1] already uses it');
    const message = messageOf(() => parseTargets(text, F));
    expect(message.split('\n')).toHaveLength(6);
    expect(message.split('\n').every((line) => line.startsWith('targets.yaml: targets['))).toBe(true);
  });
});

describe('parseTargets: syntax errors', () => {
  it('YAML syntax error with line and column', () => {
    const text = 'targets:\n  - id: medan\n    name: [Kota Medan\n    portal: https://portal.pemkomedan.go.id/\n';
    const problems = problemsOf(() => parseTargets(text, F));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: F, line: expect.any(Number), column: expect.any(Number) });
    expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
    expect(problems[0]!.message).toMatch(/^YAML syntax error: /);
    expect(problems[0]!.message).not.toContain('\n');
    expect(messageOf(() => parseTargets(text, F))).toMatch(/^targets\.yaml: line \d+, column \d+: YAML syntax error/);
  });

  it('a duplicate key in YAML is an error at its line, not a silent overwrite', () => {
    const text = oneTarget('    portal: https://lain.go.id/\n');
    expect(problemsOf(() => parseTargets(text, F))).toEqual([
      { file: F, line: 5, column: 5, message: 'YAML syntax error: the same key appears twice in one mapping' },
    ]);
  });

  it('tab indentation is explained', () => {
    const problems = problemsOf(() => parseTargets('targets:\n\t- id: medan\n', F));
    expect(problems[0]).toMatchObject({ line: 2, column: 1 });
    expect(problems[0]!.message).toContain('indent with spaces');
  });

  it('JSON syntax error with line and column', () => {
    const json = '{\n  "targets": [\n    {"id": "medan",}\n  ]\n}\n';
    expect(problemsOf(() => parseTargets(json, 'targets.json'))).toEqual([
      { file: 'targets.json', line: 3, column: 20, message: 'JSON syntax error: Expected double-quoted property name' },
    ]);
    const truncated = problemsOf(() => parseTargets('{"targets": [', 'targets.json'))[0]!;
    expect(truncated).toMatchObject({ line: 1, column: 14, message: 'JSON syntax error: Unexpected end of JSON input' });
  });
});

describe('loadTargets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'egovscan-targets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a file and names it in problems', async () => {
    const file = join(dir, 'kota.yaml');
    await writeFile(file, oneTarget());
    expect((await loadTargets(file)).map((t) => t.id)).toEqual(['medan']);
    await writeFile(file, 'targets: []\n');
    await expect(loadTargets(file)).rejects.toMatchObject({ file, problems: [{ file, field: 'targets' }] });
  });

  it('a missing file is an InputError naming the file', async () => {
    const file = join(dir, 'nope.yaml');
    const error = await loadTargets(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe(file);
    expect((error as InputError).message).toBe(`${file}: file not found`);
  });

  it('a directory is an InputError too', async () => {
    await expect(loadTargets(dir)).rejects.toThrow(`${dir}: is a directory, not a file`);
  });

  it('the bundled example file is valid and shows every field', async () => {
    const targets = await loadTargets('targets/example.yaml');
    expect(targets.length).toBeGreaterThanOrEqual(2);
    const fields = new Set(targets.flatMap((t) => Object.keys(t)));
    expect([...fields].sort()).toEqual(['applications', 'country', 'domains', 'id', 'name', 'portal']);
    const apps = targets.flatMap((t) => t.applications ?? []);
    expect(new Set(apps.flatMap((a) => Object.keys(a)))).toEqual(new Set(['name', 'url', 'category']));
    expect(apps.some((a) => a.category === undefined)).toBe(true);
  });
});

describe('filterTargets', () => {
  const targets = parseTargets(
    `targets:
  - { id: medan, name: Kota Medan, portal: "https://portal.pemkomedan.go.id/" }
  - { id: binjai, name: Kota Binjai, portal: "https://binjaikota.go.id/" }
  - { id: pematangsiantar, name: Kota Pematangsiantar, portal: "https://pematangsiantarkota.go.id/" }
`,
    F,
  );

  it('keeps the named targets in file order', () => {
    expect(filterTargets(targets, ['pematangsiantar', 'medan']).map((t) => t.id)).toEqual(['medan', 'pematangsiantar']);
  });

  it('splits comma-separated values as --only gives them', () => {
    expect(filterTargets(targets, ['binjai, medan']).map((t) => t.id)).toEqual(['medan', 'binjai']);
  });

  it('an empty list selects everything', () => {
    expect(filterTargets(targets, [])).toEqual(targets);
  });

  it('an unknown id is an InputError that names it and suggests a near one', () => {
    const problems = problemsOf(() => filterTargets(targets, ['medan', 'mdean', 'jakarta'], F));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ file: F, field: '--only' });
    expect(problems[0]!.message).toContain('"mdean" (did you mean "medan"?)');
    expect(problems[1]!.message).toMatch(/^no target has the id "jakarta"; the ids in the file are medan, binjai, pematangsiantar$/);
  });
});
