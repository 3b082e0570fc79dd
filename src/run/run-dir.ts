// The run folder `<out>/<run-id>/`, its run.json and the `<out>/latest` pointer.
import { mkdir, readFile, rm, stat, symlink, readlink, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../report/csv.ts';
import { InputError } from '../config/input-error.ts';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function runDir(out: string, runId: string): string {
  return join(out, runId);
}

export async function prepareRunDir(out: string, runId: string, resume: boolean): Promise<string> {
  if (!RUN_ID.test(runId) || runId === 'latest') {
    throw new InputError('--run-id', [
      { file: '--run-id', message: `"${runId}" is not a usable run id: use letters, digits, '.', '_' and '-' (and not "latest")` },
    ]);
  }
  const dir = runDir(out, runId);
  const exists = await stat(dir).then(() => true, () => false);
  if (resume && !exists) {
    throw new InputError('--run-id', [{ file: '--run-id', message: `cannot resume run "${runId}": ${dir} does not exist` }]);
  }
  if (!resume && exists) {
    const prior = await readRunJson(dir);
    const hint = prior?.status === 'finished' ? 'choose another --run-id' : 'add --resume to continue it';
    throw new InputError('--run-id', [{ file: '--run-id', message: `run "${runId}" already exists in ${out}: ${hint}` }]);
  }
  await mkdir(dir, { recursive: true });
  return dir;
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
