// Finding a Chromium to drive. egovscan never downloads a browser: it uses the one the system has
// (Debian's `chromium`, or whatever CHROME_PATH names) and, when there is none, says so once and
// carries on with static crawling.

import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { InputError } from '../config/input-error.ts';
import { delimiter, isAbsolute, join } from 'node:path';

export const NO_CHROMIUM_MESSAGE =
  'no Chromium found (set CHROME_PATH or apt-get install chromium): pages are crawled statically, Lighthouse skipped';

/** Where we look, in order, after CHROME_PATH. Bare names are searched for in PATH. */
export const DEFAULT_CHROMIUM_CANDIDATES: readonly string[] = Object.freeze([
  '/usr/bin/chromium',
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
]);

export interface ChromiumLookup {
  /** Absolute path of an executable browser, or undefined. */
  path: string | undefined;
  /** Set when nothing was found: what to tell the user (see `sayOnce`). */
  message?: string;
  /** Every path that was tried, in order (for --verbose output and tests). */
  tried: string[];
}

export function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * CHROME_PATH first (it must exist and be executable; when it does not, the message says so), then
 * `candidates` (default: /usr/bin/chromium, then chromium, chromium-browser, google-chrome in PATH).
 * Pass an empty list to consider CHROME_PATH only.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  candidates: readonly string[] = DEFAULT_CHROMIUM_CANDIDATES,
): ChromiumLookup {
  const tried: string[] = [];
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    tried.push(fromEnv);
    if (isExecutableFile(fromEnv)) return { path: fromEnv, tried };
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d && isAbsolute(d));
  for (const c of candidates) {
    const paths = c.includes('/') ? [c] : dirs.map((d) => join(d, c));
    for (const p of paths) {
      tried.push(p);
      if (isExecutableFile(p)) return { path: p, tried };
    }
  }
  const message = fromEnv ? `CHROME_PATH=${fromEnv} is not an executable file; ${NO_CHROMIUM_MESSAGE}` : NO_CHROMIUM_MESSAGE;
  return { path: undefined, message, tried };
}

/**
 * CHROME_PATH, when set, is the user's word for which browser to use: one that is missing or not
 * executable is a mistake to fix (exit 2), not a reason to quietly crawl without a browser. Call it
 * when the run would use the browser (--render auto/always, --lighthouse).
 */
export function checkChromePath(env: NodeJS.ProcessEnv = process.env): void {
  const fromEnv = env.CHROME_PATH?.trim();
  if (!fromEnv || isExecutableFile(fromEnv)) return;
  const why = existsSync(fromEnv) ? 'is not an executable file' : 'does not exist';
  throw new InputError('CHROME_PATH', [
    { file: 'CHROME_PATH', message: `${fromEnv} ${why}: point CHROME_PATH at a Chromium (e.g. /usr/bin/chromium), unset it, or crawl with --render never` },
  ]);
}

const said = new Set<string>();

/** Prints `message` the first time it is given in this process; later calls are silent. Returns true when it printed. */
export function sayOnce(message: string, log: (line: string) => void = (l) => console.warn(`egovscan: ${l}`)): boolean {
  if (said.has(message)) return false;
  said.add(message);
  log(message);
  return true;
}

/** For tests: forget what sayOnce has said. */
export function resetSayOnce(): void {
  said.clear();
}

/**
 * The browser to use, or undefined after telling the user once that there is none.
 * This is what the run calls: `const exe = chromiumOrSayWhy(); if (!exe) render = 'never'`.
 */
export function chromiumOrSayWhy(
  env: NodeJS.ProcessEnv = process.env,
  candidates?: readonly string[],
  log?: (line: string) => void,
): string | undefined {
  const found = findChromium(env, candidates);
  if (!found.path && found.message) sayOnce(found.message, log);
  return found.path;
}
