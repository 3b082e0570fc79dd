// One writer per run folder. Two processes on one run (two `--resume` at once, a second `crawl
// --run-id X` while the first still works) would interleave journal records and each crawl the
// portal again, so the folder is locked while a process works on it. proper-lockfile keeps the lock
// as a directory whose mtime the holder refreshes: a holder killed with SIGKILL stops refreshing
// and its lock goes stale. A holder that is gone from this machine is noticed at once by its pid.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { InputError } from '../config/input-error.ts';

const LOCK_NAME = '.egovscan.lock';
/**
 * Who holds the lock, kept beside the lock directory. Not inside it: writing a file into the
 * directory changes the directory's mtime, which proper-lockfile takes for another process having
 * taken the lock (it stops refreshing it, the lock goes stale under a working run and its release
 * fails, leaving the directory behind). A holder file left by a dead holder is removed with its lock.
 */
const HOLDER_NAME = '.egovscan.lock.holder.json';
/** A lock not refreshed for this long belongs to a process that died (proper-lockfile's rule). */
const STALE_MS = 30_000;

interface Holder {
  pid: number;
  host: string;
  since: string;
}

export interface RunLock {
  release(): Promise<void>;
}

/** Locks `dir` for this process, or throws an InputError (exit 2) naming the holder's pid. */
export async function lockRunDir(dir: string, runId: string): Promise<RunLock> {
  const lockfilePath = join(dir, LOCK_NAME);
  const holderPath = join(dir, HOLDER_NAME);
  const attempt = () =>
    lockfile.lock(dir, {
      lockfilePath,
      stale: STALE_MS,
      update: STALE_MS / 3,
      realpath: false,
      // Losing the lock mid-run (the folder deleted, a clock jump) must not kill the crawl: the
      // journal is still ours; the next writer will find the lock gone and take it.
      onCompromised: () => {},
    });
  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ELOCKED') throw err;
    const holder = await readHolder(holderPath);
    const dead = holder !== undefined && holder.host === hostname() && !isAlive(holder.pid);
    // proper-lockfile cannot remove a stale lock that holds a file (rmdir), so staleness is judged here too.
    const age = await stat(lockfilePath).then((st) => Date.now() - st.mtimeMs, () => 0);
    if (dead || age > STALE_MS) {
      // The holder died without releasing (SIGKILL): its lock is stale now, not in 30 s.
      await rm(lockfilePath, { recursive: true, force: true });
      await rm(holderPath, { force: true });
      release = await attempt().catch(async (again: unknown) => {
        if ((again as { code?: string }).code === 'ELOCKED') throw lockedError(runId, dir, await readHolder(holderPath));
        throw again;
      });
    } else {
      throw lockedError(runId, dir, holder);
    }
  }
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  await writeFile(holderPath, `${JSON.stringify(me)}\n`);
  return {
    async release() {
      const holder = await readHolder(holderPath);
      const ours = holder?.pid === me.pid && holder.host === me.host && holder.since === me.since;
      if (ours) await rm(holderPath, { force: true }).catch(() => {});
      await release().catch(async () => {
        // proper-lockfile lost track of it (a clock jump, a machine asleep past the stale time): the
        // directory is still ours unless someone took it over, in which case the holder file is theirs.
        if (ours) await rm(lockfilePath, { recursive: true, force: true }).catch(() => {});
      });
    },
  };
}

function lockedError(runId: string, dir: string, holder: Holder | undefined): InputError {
  const who = holder ? `process ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}` : 'another process';
  return new InputError('--run-id', [
    { file: '--run-id', message: `run "${runId}" is being written by ${who} (lock ${join(dir, LOCK_NAME)}); wait for it to end` },
  ]);
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as Holder;
    return typeof h.pid === 'number' ? h : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as { code?: string }).code === 'EPERM';
  }
}
