// Where the history store lives: the embedded SQLite file `<out>/egovscan.sqlite` (the default on a
// fresh clone, nothing to install), or a PostgreSQL database that several machines share, named by
// `--store postgres://…` or EGOVSCAN_STORE. One place decides, so every command reads the same store.
import { join } from 'node:path';

export const STORE_FILE = 'egovscan.sqlite';

export type StoreLocation =
  | { dialect: 'sqlite'; file: string; label: string }
  | { dialect: 'postgres'; url: string; label: string };

const PG = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(s: string | undefined): s is string {
  return typeof s === 'string' && PG.test(s.trim());
}

/**
 * `store`: the --store value (a postgres:// URL, or a path to a SQLite file); else EGOVSCAN_STORE;
 * else `<out>/egovscan.sqlite`.
 */
export function storeLocation(out: string, store?: string, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  const given = (store ?? env.EGOVSCAN_STORE ?? '').trim();
  if (isPostgresUrl(given)) return { dialect: 'postgres', url: given, label: redactUrl(given) };
  const file = given !== '' ? given : join(out, STORE_FILE);
  return { dialect: 'sqlite', file, label: file };
}

/** The URL without its password, for messages and run.json. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}
