import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  formatProblem,
  jsonErrorToProblem,
  validateInput,
  zodIssuesToProblems,
  plainEnglish,
} from '../../src/config/input-error.ts';

describe('InputError', () => {
  it('prints one line per problem in file: entry: field: message form', () => {
    const error = new InputError('targets.yaml', [
      { file: 'targets.yaml', entry: 'targets[2] (id "medan")', field: 'portal', message: 'must be an http(s) URL, got "portal.pemkomedan"' },
      { file: 'targets.yaml', line: 4, column: 7, message: 'YAML syntax error: oops' },
      { file: 'targets.yaml', field: 'targets', message: 'is required' },
    ]);
    expect(error.message).toBe(
      [
        'targets.yaml: targets[2] (id "medan"): portal: must be an http(s) URL, got "portal.pemkomedan"',
        'targets.yaml: line 4, column 7: YAML syntax error: oops',
        'targets.yaml: targets: is required',
      ].join('\n'),
    );
    expect(error.name).toBe('InputError');
    expect(error).toBeInstanceOf(Error);
    expect(error.file).toBe('targets.yaml');
  });

  it('without problems still names the file', () => {
    expect(new InputError('x.yaml', []).message).toBe('x.yaml: is not valid');
  });

  it('formatProblem leaves out what is not known', () => {
    expect(formatProblem({ file: 'f', message: 'm' })).toBe('f: m');
    expect(formatProblem({ file: 'f', line: 3, message: 'm' })).toBe('f: line 3: m');
  });
});

describe('zod issues → problems (reusable by other loaders)', () => {
  // A rubric-like shape: entries labelled by `id`, nested lists below the entry.
  const Rubric = z.strictObject({
    criteria: z.array(
      z.strictObject({ id: z.string(), weight: z.number(), indicators: z.array(z.strictObject({ points: z.number().min(0) })) }),
    ),
  });

  it('splits the path at the first list index and labels the entry with its id', () => {
    const data = { criteria: [{ id: 'ok', weight: 1, indicators: [] }, { id: 'transparency', weight: 'x', indicators: [{ points: -1 }] }] };
    expect(() => validateInput(Rubric, data, 'rubric.yaml')).toThrow(InputError);
    const result = Rubric.safeParse(data, { error: plainEnglish });
    expect(zodIssuesToProblems(result.error!.issues, 'rubric.yaml', { input: data })).toEqual([
      { file: 'rubric.yaml', entry: 'criteria[1] (id "transparency")', field: 'weight', message: 'must be a number, got "x"' },
      { file: 'rubric.yaml', entry: 'criteria[1] (id "transparency")', field: 'indicators[0].points', message: 'must be at least 0, got the number -1' },
    ]);
  });

  it('uses another label key when told, and no label without input', () => {
    const Items = z.strictObject({ items: z.array(z.strictObject({ key: z.string(), n: z.number() })) });
    const data = { items: [{ key: 'alpha', n: 'one' }] };
    const issues = Items.safeParse(data, { error: plainEnglish }).error!.issues;
    expect(zodIssuesToProblems(issues, 'f', { input: data, labelKey: 'key' })[0]!.entry).toBe('items[0] (key "alpha")');
    expect(zodIssuesToProblems(issues, 'f')[0]!.entry).toBe('items[0]');
  });

  it('plainEnglish leaves no zod wording for common issues', () => {
    const S = z.strictObject({ a: z.string(), b: z.array(z.string()).min(1), c: z.enum(['x', 'y']), d: z.boolean() });
    const issues = S.safeParse({ b: [], c: 'z', d: 'yes', e: 1 }, { error: plainEnglish }).error!.issues;
    const messages = zodIssuesToProblems(issues, 'f').map((p) => `${p.field ?? ''}: ${p.message}`);
    expect(messages).toEqual([
      'a: is required',
      'b: is an empty list; add at least one item',
      'c: must be one of x, y, got "z"',
      'd: must be true or false, got "yes"',
      ': unknown key "e"; allowed keys are a, b, c, d',
    ]);
  });
});

describe('jsonErrorToProblem', () => {
  it('turns a character offset into line and column', () => {
    const text = '{\n  "a": 1\n  "b": 2\n}';
    let caught: unknown;
    try {
      JSON.parse(text);
    } catch (error) {
      caught = error;
    }
    const problem = jsonErrorToProblem(caught, text, 'f.json');
    expect(problem).toMatchObject({ file: 'f.json', line: 3, column: 3 });
    expect(problem.message).toMatch(/^JSON syntax error: /);
    expect(problem.message).not.toContain('position');
  });
});
