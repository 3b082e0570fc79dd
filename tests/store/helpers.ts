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
