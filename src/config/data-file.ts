// Reading YAML/JSON input files (targets, rubrics) into plain data, with every failure turned into an
// InputError that names the file and, for syntax errors, the line and column.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, jsonErrorToProblem, yamlErrorsToProblems } from './input-error.ts';

export type DataFormat = 'yaml' | 'json';

/** YAML or JSON by extension; for any other name, JSON when the text starts like a JSON object or list. */
export function detectFormat(file: string, text: string): DataFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/** Parses YAML or JSON text; syntax errors become an InputError listing each with its position. */
export function parseDataText(text: string, file: string, format: DataFormat = detectFormat(file, text)): unknown {
  // Editors on Windows save a byte-order mark; JSON.parse rejects it.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (format === 'json') {
    try {
      return JSON.parse(source);
    } catch (error) {
      throw new InputError(file, [jsonErrorToProblem(error, source, file, () => yamlPosition(source))]);
    }
  }
  // YAML 1.2 core schema (the package default): `country: NO` stays the text "NO", not false.
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new InputError(file, yamlErrorsToProblems(doc.errors, file));
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // e.g. an alias (*name) to an anchor that does not exist, or an alias bomb.
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(file, [{ file, message: `YAML error: ${message}` }]);
  }
}

function yamlPosition(text: string): { line: number; column: number } | undefined {
  const pos = parseDocument(text).errors[0]?.linePos?.[0];
  return pos ? { line: pos.line, column: pos.col } : undefined;
}

/** Reads a text file, turning "not found" and friends into an InputError that names the file. */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read (permission denied)'
            : `cannot be read (${error instanceof Error ? error.message : String(error)})`;
    throw new InputError(file, [{ file, message }]);
  }
}
