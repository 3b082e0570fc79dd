// The run lock over a run's real length: a holder keeps it fresh past proper-lockfile's first
// refresh (10 s) and leaves nothing behind when it lets go, so a --resume right after a Ctrl-C is
// not refused by a lock nobody holds.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockRunDir } from '../../src/run/lock.ts';
import { InputError } from '../../src/config/input-error.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-runlock-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('lockRunDir', () => {
  it('stays held and fresh past its first refresh, names its holder, and leaves nothing behind', async () => {
    const lock = await lockRunDir(dir, 'r1');
    const before = (await stat(join(dir, '.egovscan.lock'))).mtimeMs;
    await new Promise((r) => setTimeout(r, 11_500));
    // Refreshed, not abandoned as someone else's: the directory's time moved on.
    expect((await stat(join(dir, '.egovscan.lock'))).mtimeMs).toBeGreaterThan(before);
    const second = await lockRunDir(dir, 'r1').then(() => undefined, (err: unknown) => err);
    expect(second).toBeInstanceOf(InputError);
    expect(String((second as Error).message)).toContain(`being written by process ${process.pid}`);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
    // And at once taken by the next writer.
    const next = await lockRunDir(dir, 'r1');
    await next.release();
    expect(await readdir(dir)).toEqual([]);
  }, 30_000);
});
