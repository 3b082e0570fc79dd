// The researcher's coding sheet: a CSV with `city_id, indicator, met` (and optionally `phase` and
// `note`), as Excel saves it in Indonesia (`;` separated, often with a BOM) or elsewhere (`,`).
// Every problem names the file, the line and the column, and all of them are reported at once, so
// that a coder fixes the sheet in one pass.
import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { closest, InputError, type InputProblem } from '../config/input-error.ts';
import { PHASE_LADDER, verdictKey, type PhaseWord, type RunVerdicts } from './run-verdicts.ts';

export const REQUIRED_COLUMNS = ['city_id', 'indicator', 'met'] as const;

const MET_WORDS = new Map<string, boolean>([
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['ya', true],
  ['tidak', false],
  ['true', true],
  ['false', false],
  ['met', true],
  ['not met', false],
  ['not_met', false],
]);

export const MET_WORDS_HELP = '1/0, yes/no, ya/tidak, true/false, met/not met (blank: not coded)';

export interface CodedItem {
  cityId: string;
  indicator: string;
  met: boolean;
  note: string;
  /** 1-based line of the sheet where the row starts. */
  line: number;
}

export interface CodedPhase {
  cityId: string;
  phase: PhaseWord;
  line: number;
}

export interface CodingSheet {
  file: string;
  delimiter: ',' | ';';
  items: CodedItem[];
  phases: CodedPhase[];
  /** Rows with an empty `met`: in the sample but not coded. */
  notCoded: number;
}

/** The separator Excel used, read from the header line: the one of `;` and `,` outside quotes that is more frequent. */
export function detectDelimiter(text: string): ',' | ';' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semi++;
    else if (!quoted && ch === ',') comma++;
  }
  return semi > comma ? ';' : ',';
}

export function parseMet(raw: string): boolean | null | undefined {
  const v = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  if (v === '') return null;
  return MET_WORDS.get(v);
}

export async function readCodingSheet(file: string, run: RunVerdicts): Promise<CodingSheet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(file, [{ file, message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(err)})` }]);
  }
  return parseCodingSheet(text, file, run);
}

export function parseCodingSheet(text: string, file: string, run: RunVerdicts): CodingSheet {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  // Parsed as bytes so that info.bytes (where each record ends) indexes `bytes`: csv-parse's own
  // line count takes a CRLF inside a quoted note for two lines, so lines are counted here.
  const bytes = Buffer.from(body, 'utf8');
  let records: Array<{ record: string[]; info: { lines: number; bytes: number } }>;
  try {
    records = parse(bytes, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new InputError(file, [{ file, line: e.lines, message: `CSV syntax error: ${e.message.replace(/^Invalid [^:]*: /, '')}` }]);
  }
  const problems: InputProblem[] = [];
  const [header, ...rows] = records;
  const columns = (header?.record ?? []).map((c) => c.trim().toLowerCase());
  const index = (name: string) => columns.indexOf(name);
  for (const name of REQUIRED_COLUMNS) {
    if (index(name) < 0) {
      const guess = closest(name, columns);
      problems.push({
        file,
        line: 1,
        field: name,
        message: `missing column "${name}"${guess ? ` (is "${guess}" meant?)` : ''}; the header must have ${REQUIRED_COLUMNS.join(', ')} (and optionally phase, note), separated by , or ;`,
      });
    }
  }
  if (problems.length) throw new InputError(file, problems);

  const at = (r: string[], name: string) => {
    const i = index(name);
    return i < 0 ? '' : (r[i] ?? '').trim();
  };
  const knownIndicators = [...run.indicators.keys()];
  const knownCities = [...run.cities.keys()];
  const items: CodedItem[] = [];
  const phases = new Map<string, CodedPhase>();
  const seen = new Map<string, number>();
  let notCoded = 0;
  const lineAt = lineCounter(bytes);
  let end = header?.info.bytes ?? 0;
  for (const { record, info } of rows) {
    let start = end;
    end = info.bytes;
    while (start < end && (bytes[start] === 0x0a || bytes[start] === 0x0d)) start++; // skipped blank lines
    const line = lineAt(start);
    if (record.every((f) => f.trim() === '')) continue;
    const problem = (field: string, message: string) => problems.push({ file, line, field, message });
    // Ids are lower case in egovscan's files; a coder typing "Medan" means medan.
    const cityId = known(run.cities, at(record, 'city_id'));
    const indicator = known(run.indicators, at(record, 'indicator'));
    const cityOk = run.cities.has(cityId);
    if (!cityOk) problem('city_id', unknownMessage('city', cityId, knownCities, run.runId));
    const indicatorOk = run.indicators.has(indicator);
    if (!indicatorOk) problem('indicator', unknownMessage('indicator', indicator, knownIndicators, run.runId));
    const met = parseMet(at(record, 'met'));
    if (met === undefined) problem('met', `"${at(record, 'met')}" is not a coding word; use ${MET_WORDS_HELP}`);
    const phaseRaw = at(record, 'phase').toLowerCase();
    if (phaseRaw !== '') {
      if (!(PHASE_LADDER as readonly string[]).includes(phaseRaw)) {
        problem('phase', `"${at(record, 'phase')}" is not a phase; use one of ${PHASE_LADDER.join(', ')} (or leave it blank)`);
      } else if (cityOk) {
        const before = phases.get(cityId);
        if (!before) phases.set(cityId, { cityId, phase: phaseRaw as PhaseWord, line });
        else if (before.phase !== phaseRaw) {
          problem('phase', `"${phaseRaw}" for city "${cityId}", but line ${before.line} says "${before.phase}"; a city has one phase`);
        }
      }
    }
    if (!cityOk || !indicatorOk || met === undefined) continue;
    if (met === null) {
      notCoded++;
      continue;
    }
    const key = verdictKey(cityId, indicator);
    const first = seen.get(key);
    if (first !== undefined) {
      problem('indicator', `"${indicator}" for city "${cityId}" is coded twice (also on line ${first}); keep one row`);
      continue;
    }
    seen.set(key, line);
    items.push({ cityId, indicator, met, note: at(record, 'note'), line });
  }
  if (problems.length) throw new InputError(file, problems);
  return { file, delimiter, items, phases: [...phases.values()], notCoded };
}

function known(map: ReadonlyMap<string, unknown>, value: string): string {
  return map.has(value) || !map.has(value.toLowerCase()) ? value : value.toLowerCase();
}

/** 1-based line of a byte offset; CRLF, LF and a lone CR each end one line. */
function lineCounter(bytes: Buffer): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    for (; pos < offset; pos++) {
      const b = bytes[pos];
      if (b === 0x0a || (b === 0x0d && bytes[pos + 1] !== 0x0a)) line++;
    }
    return line;
  };
}

function unknownMessage(what: string, value: string, known: string[], runId: string): string {
  if (value === '') return `is empty; every row names a ${what} of run ${runId}`;
  const guess = closest(value, known);
  const list = known.length > 12 ? `${known.slice(0, 12).join(', ')}, …` : known.join(', ');
  return `unknown ${what} "${value}" in run ${runId}${guess ? ` (did you mean "${guess}"?)` : ''}; known: ${list}`;
}
