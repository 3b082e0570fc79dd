// Bad input (targets files, rubrics, flags that name things in them) is the user's to fix, so it gets
// its own error class: the CLI prints `message` as is and exits with code 2 (contract.md), and every
// problem names the file, the entry and the field, in words a researcher understands.
import type { z } from 'zod';
import type { YAMLError } from 'yaml';

export interface InputProblem {
  file: string;
  /** The list item the problem is in, e.g. `targets[2] (id "medan")`. */
  entry?: string;
  /** Dotted path below the entry, e.g. `applications[0].category`. */
  field?: string;
  message: string;
  /** 1-based position, known for syntax errors. */
  line?: number;
  column?: number;
}

export class InputError extends Error {
  override name = 'InputError';
  readonly file: string;
  readonly problems: InputProblem[];

  constructor(file: string, problems: InputProblem[]) {
    // An InputError without a problem would print nothing useful; say at least which file.
    const list = problems.length > 0 ? problems : [{ file, message: 'is not valid' }];
    super(list.map(formatProblem).join('\n'));
    this.file = file;
    this.problems = list;
  }
}

export function formatProblem(p: InputProblem): string {
  const parts = [p.file];
  if (p.line !== undefined) parts.push(p.column !== undefined ? `line ${p.line}, column ${p.column}` : `line ${p.line}`);
  if (p.entry) parts.push(p.entry);
  if (p.field) parts.push(p.field);
  return `${parts.join(': ')}: ${p.message}`;
}

// ---------------------------------------------------------------------------------------------
// Zod issues → problems

/**
 * Parse-time error map that replaces zod's developer wording ("Invalid input: expected string,
 * received undefined") with plain English. Pass it as `schema.safeParse(data, { error: plainEnglish })`;
 * messages that a schema sets on a field itself take precedence over it.
 */
export const plainEnglish: z.core.$ZodErrorMap = (issue) => {
  const input: unknown = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected);
      if (input === undefined) return 'is required';
      if (input === null) return `has no value; it must be ${describeType(expected)}`;
      let message = `must be ${describeType(expected)}, got ${describeValue(input)}`;
      // YAML turns `id: 1275` into a number; quoting is the fix people do not guess.
      if (expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
        message += ` (put it in quotes: "${String(input)}")`;
      }
      return message;
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return allowed.length === 1
        ? `must be ${allowed[0]}, got ${describeValue(input)}`
        : `must be one of ${allowed.join(', ')}, got ${describeValue(input)}`;
    }
    case 'unrecognized_keys': {
      const keys = issue.keys;
      const known = objectKeysOf(issue.inst);
      const named = keys.map((k) => {
        const guess = known ? closest(k, known) : undefined;
        return guess ? `"${k}" (did you mean "${guess}"?)` : `"${k}"`;
      });
      let message = keys.length === 1 ? `unknown key ${named[0]}` : `unknown keys ${named.join(', ')}`;
      if (known && known.length > 0) message += `; allowed keys are ${known.join(', ')}`;
      return message;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return min <= 1 ? 'is an empty list; add at least one item' : `must have at least ${min} items`;
      if (issue.origin === 'string') return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
      return `must be at least ${min}, got ${describeValue(input)}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return `must have at most ${max} items`;
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      return `must be at most ${max}, got ${describeValue(input)}`;
    }
    case 'invalid_format': {
      if (issue.format === 'url') return `must be a URL, got ${describeValue(input)}`;
      if (issue.format === 'regex' && typeof issue.pattern === 'string') {
        return `must match the pattern ${issue.pattern}, got ${describeValue(input)}`;
      }
      return `must be a valid ${issue.format}, got ${describeValue(input)}`;
    }
    default:
      return undefined;
  }
};

export interface ZodProblemOptions {
  /** The parsed data, used to label entries by their id. */
  input?: unknown;
  /** Key whose value labels an entry, `id` unless told. */
  labelKey?: string;
}

/**
 * Turns zod issues into problems. The entry is the path up to its first list index
 * (`targets[2]`, labelled with the item's id when it has one); the field is the rest.
 */
export function zodIssuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  options: ZodProblemOptions = {},
): InputProblem[] {
  const labelKey = options.labelKey ?? 'id';
  const located = issues.map((issue, order) => {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    const at = path.findIndex((k) => typeof k === 'number');
    const problem: InputProblem = { file, message: issue.message };
    let index = -1;
    if (at >= 0) {
      const entryPath = path.slice(0, at + 1);
      index = path[at] as number;
      const item = valueAt(options.input, entryPath);
      const label = isRecord(item) ? item[labelKey] : undefined;
      problem.entry = formatPath(entryPath) + (typeof label === 'string' && label !== '' ? ` (${labelKey} "${label}")` : '');
      const rest = path.slice(at + 1);
      if (rest.length > 0) problem.field = formatPath(rest);
    } else if (path.length > 0) {
      problem.field = formatPath(path);
    }
    return { problem, index, order };
  });
  // zod reports object-level issues (unknown keys) after the fields and cross-entry checks last;
  // grouping by entry keeps each entry's problems together, file-level problems first.
  located.sort((a, b) => a.index - b.index || a.order - b.order);
  return located.map((l) => l.problem);
}

/**
 * Validates `data` against `schema`, returning the parsed value or throwing an InputError that
 * lists every problem.
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  data: unknown,
  file: string,
  options: Omit<ZodProblemOptions, 'input'> = {},
): z.output<S> {
  const result = schema.safeParse(data, { error: plainEnglish });
  if (result.success) return result.data;
  throw new InputError(file, zodIssuesToProblems(result.error.issues, file, { ...options, input: data }));
}

// ---------------------------------------------------------------------------------------------
// Syntax errors

const YAML_MESSAGES: Record<string, string> = {
  DUPLICATE_KEY: 'the same key appears twice in one mapping',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a line with ---); keep everything in one document',
  TAB_AS_INDENT: 'tabs are not allowed for indentation in YAML; indent with spaces',
};

/** Problems for YAML parse errors, with line and column. */
export function yamlErrorsToProblems(errors: readonly YAMLError[], file: string): InputProblem[] {
  return errors.map((error) => {
    // The yaml package appends " at line N, column M:" and a source excerpt; we report the position
    // separately and the excerpt would break the one-line-per-problem report.
    const bare = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const problem: InputProblem = {
      file,
      message: `YAML syntax error: ${YAML_MESSAGES[error.code] ?? bare}`,
    };
    const pos = error.linePos?.[0];
    if (pos) {
      problem.line = pos.line;
      problem.column = pos.col;
    }
    return problem;
  });
}

/**
 * A problem for a JSON.parse error, with line and column. V8 gives a position for most errors; for
 * "Unexpected token" it does not, and `locate` (e.g. a YAML parse of the same text, JSON being
 * YAML's flow style) may supply one.
 */
export function jsonErrorToProblem(
  error: unknown,
  text: string,
  file: string,
  locate?: () => { line: number; column: number } | undefined,
): InputProblem {
  const raw = error instanceof Error ? error.message : String(error);
  const problem: InputProblem = { file, message: '' };
  const at = /at position (\d+)/.exec(raw);
  let offset: number | undefined = at ? Number(at[1]) : undefined;
  if (offset === undefined && /end of JSON input/.test(raw)) offset = text.length;
  const position = offset !== undefined ? lineColumn(text, offset) : locate?.();
  if (position) Object.assign(problem, position);
  // V8 quotes the whole input after the message ('..., "{...}" is not valid JSON'); drop it.
  const bare = raw
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  problem.message = `JSON syntax error: ${bare}`;
  return problem;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

// ---------------------------------------------------------------------------------------------
// Wording helpers

function describeType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping (key: value pairs)';
    default:
      return expected;
  }
}

/** A short, quoted rendering of a value for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The keys an object schema allows, read from the schema that raised the issue. */
function objectKeysOf(inst: unknown): string[] | undefined {
  const def = (inst as { _zod?: { def?: { type?: string; shape?: Record<string, unknown> } } } | undefined)?._zod?.def;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** The allowed key a typo most likely meant, if any is close enough to be worth suggesting. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Very short words are within one edit of too much to make a guess worth printing.
  if (word.length < 3) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  // Allow roughly one slip per three letters; beyond that the suggestion is noise.
  return best !== undefined && best !== word && bestDistance <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: Levenshtein plus swapped neighbours, the commonest typo. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
