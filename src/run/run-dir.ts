// The run folder `<out>/<run-id>/`, its run.json and the `<out>/latest` pointer.
import { mkdir, readdir, readFile, rm, stat, symlink, readlink, rename } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../report/csv.ts';
import { InputError } from '../config/input-error.ts';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Runs started in the same second get -2, -3, ...; past this many something else is wrong. */
const MAX_SUFFIX = 100;

export function runDir(out: string, runId: string): string {
  return join(out, runId);
}

export function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId) || runId === 'latest') {
    throw new InputError('--run-id', [
      { file: '--run-id', message: `"${runId}" is not a usable run id: use letters, digits, '.', '_' and '-' (and not "latest")` },
    ]);
  }
}

/** `--out` must be a folder (or not exist yet): a file there is the user's to move. */
export async function checkOutFolder(out: string): Promise<void> {
  const st = await stat(out).catch(() => undefined);
  if (st && !st.isDirectory()) {
    throw new InputError('--out', [{ file: '--out', message: `${out} is a file, not a folder: give --out a folder (it is created if missing)` }]);
  }
}

export interface PreparedRun {
  dir: string;
  /** The run id, with a suffix (`-2`) when another run took the default id first. */
  runId: string;
}

/**
 * Makes (or, with `resume`, finds) the run folder. A new folder is made with one mkdir that fails
 * when it exists, so two runs started in the same second cannot both take it: with `autoId` (the
 * id was not chosen by the user) the second takes `<id>-2`, and so on; a chosen id is refused.
 */
export async function prepareRunDir(out: string, runId: string, resume: boolean, autoId = false): Promise<PreparedRun> {
  checkRunId(runId);
  await checkOutFolder(out);
  const dir = runDir(out, runId);
  if (resume) {
    const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!exists) throw new InputError('--run-id', [{ file: '--run-id', message: `cannot resume run "${runId}": ${dir} does not exist` }]);
    const prior = await readRunJson(dir);
    if (prior?.status === 'finished') {
      throw new InputError('--resume', [{ file: '--resume', message: `run "${runId}" in ${out} is finished: there is nothing to resume (start a new run without --resume)` }]);
    }
    return { dir, runId };
  }
  await mkdir(out, { recursive: true });
  for (let n = 1; n <= (autoId ? MAX_SUFFIX : 1); n++) {
    const id = n === 1 ? runId : `${runId}-${n}`;
    try {
      await mkdir(runDir(out, id));
      return { dir: runDir(out, id), runId: id };
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
    }
  }
  if (autoId) throw new Error(`${MAX_SUFFIX} runs named ${runId}(-n) already exist in ${out}`);
  const prior = await readRunJson(dir);
  const hint = prior?.status === 'finished' ? 'choose another --run-id' : 'add --resume to continue it';
  throw new InputError('--run-id', [{ file: '--run-id', message: `run "${runId}" already exists in ${out}: ${hint}` }]);
}

/** The newest run in `out` that did not finish (for `--resume` without `--run-id`), by start time. */
export async function newestUnfinishedRun(out: string): Promise<string | undefined> {
  const names = await readdir(out).catch(() => [] as string[]);
  const unfinished: Array<{ runId: string; started: string }> = [];
  for (const name of names) {
    if (name === 'latest' || !RUN_ID.test(name)) continue;
    const run = await readRunJson(join(out, name));
    if (run && run.status !== 'finished') unfinished.push({ runId: name, started: run.started_at ?? '' });
  }
  unfinished.sort((a, b) => b.started.localeCompare(a.started) || b.runId.localeCompare(a.runId));
  return unfinished[0]?.runId;
}

/**
 * A path as run.json keeps it: relative to the run folder, so that the folder can be moved or
 * shared without naming anyone's home directory (readers resolve it against the folder).
 */
export function pathForRunJson(dir: string, path: string): string {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' ? '.' : isAbsolute(rel) ? rel : rel.split('\\').join('/');
}

export interface RunJson {
  tool: string;
  version: string;
  run_id: string;
  status: 'running' | 'finished' | 'unfinished';
  started_at: string;
  finished_at?: string;
  resumed_at?: string[];
  settings: unknown;
  versions: Record<string, string>;
  counts?: Record<string, number>;
  cities?: unknown[];
  notes?: string[];
  /** The vantage check found the outside network down: what needed it is unknown / network. */
  degraded?: boolean;
  vantage?: unknown[];
  /** Where the answers came from: `live`, `warc` (--from-warc) or `archive` (--at, with its date). */
  source?: Record<string, unknown>;
}

export async function readRunJson(dir: string): Promise<RunJson | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunJson;
  } catch {
    return undefined;
  }
}

export async function writeRunJson(dir: string, run: RunJson): Promise<void> {
  await writeFileAtomic(join(dir, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
}

/**
 * `<out>/latest` is a symbolic link to the newest finished run, so `output/latest/cities.csv`
 * always works; where links cannot be made it is a text file holding the run id.
 */
export async function pointLatest(out: string, runId: string): Promise<void> {
  const link = join(out, 'latest');
  const tmp = join(out, `.latest-${process.pid}`);
  await rm(tmp, { force: true });
  try {
    await symlink(runId, tmp, 'dir');
    await rename(tmp, link).catch(async () => {
      await rm(link, { recursive: true, force: true });
      await rename(tmp, link);
    });
  } catch {
    await rm(tmp, { force: true });
    await rm(link, { recursive: true, force: true });
    await writeFileAtomic(link, `${runId}\n`);
  }
}

export async function readLatest(out: string): Promise<string | undefined> {
  const link = join(out, 'latest');
  try {
    return await readlink(link);
  } catch {
    try {
      return (await readFile(link, 'utf8')).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}
