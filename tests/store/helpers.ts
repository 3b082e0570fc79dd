import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppResult, AppStatus } from '../../src/apps/types.ts';

export function tempDir(prefix = 'egovscan-store-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function appResult(cityId: string, key: string, status: AppStatus, reason = status === 'active' ? 'ok' : 'http_404'): AppResult {
  return {
    cityId, name: key, url: `http://${key}/`, key, category: 'G2C', categoryReason: 'test', source: 'targets',
    status, reason, detail: '', httpStatus: 200, finalUrl: `http://${key}/`, lastUpdated: '', checkedAt: new Date().toISOString(),
  };
}

/** The two dialects every store test runs against. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

/**
 * Fresh stores of one dialect for a test file: call `setup()` in beforeAll and `teardown()` in
 * afterAll. Each `fresh()` is a new, empty store: a temporary folder (SQLite), or that folder plus
 * a new database on the file's own PostgreSQL server.
 */
export function storeHarness(dialect: DialectName) {
  let pgServer: import('../support/postgres.ts').PgServer | undefined;
  const cleanups: Array<() => void> = [];
  return {
    dialect,
    async setup() {
      if (dialect === 'postgres') pgServer = await (await import('../support/postgres.ts')).startPostgres();
    },
    async teardown() {
      for (const c of cleanups.splice(0)) c();
      await pgServer?.stop();
    },
    /** `dir`: the output folder; `store`: what to pass as --store (undefined: the SQLite default). */
    async fresh(): Promise<{ dir: string; store: string | undefined }> {
      const t = tempDir();
      cleanups.push(t.cleanup);
      return { dir: t.dir, store: pgServer ? await pgServer.freshDatabase() : undefined };
    },
  };
}
