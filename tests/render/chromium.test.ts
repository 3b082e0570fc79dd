// Chromium discovery, including the "no browser → say so once and carry on" path (no browser needed).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumOrSayWhy, findChromium, NO_CHROMIUM_MESSAGE, resetSayOnce, sayOnce } from '../../src/render/chromium.ts';

beforeEach(() => resetSayOnce());

const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe('findChromium', () => {
  it('reports "not found" with an empty candidate list and no CHROME_PATH', () => {
    const found = findChromium({}, []);
    expect(found.path).toBeUndefined();
    expect(found.message).toBe(NO_CHROMIUM_MESSAGE);
    expect(found.message).toMatch(/^no Chromium found \(set CHROME_PATH or apt-get install chromium\)/);
    expect(found.tried).toEqual([]);
  });

  it('takes CHROME_PATH first when it is an executable file', () => {
    const dir = tempDir('egovscan-chrome-');
    const exe = join(dir, 'my-chrome');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(findChromium({ CHROME_PATH: exe }, ['/nonexistent/chromium']).path).toBe(exe);
  });

  it('says why when CHROME_PATH is wrong, and then searches the candidates in PATH', () => {
    const bad = findChromium({ CHROME_PATH: '/nonexistent/chrome' }, []);
    expect(bad.path).toBeUndefined();
    expect(bad.message).toContain('CHROME_PATH=/nonexistent/chrome is not an executable file');

    const dir = tempDir('egovscan-path-');
    const exe = join(dir, 'chromium-browser');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    const viaPath = findChromium({ CHROME_PATH: '/nonexistent/chrome', PATH: `/nonexistent:${dir}` }, ['chromium', 'chromium-browser']);
    expect(viaPath.path).toBe(exe);
    expect(viaPath.tried).toEqual(['/nonexistent/chrome', '/nonexistent/chromium', join(dir, 'chromium'), '/nonexistent/chromium-browser', exe]);
  });

  it('ignores files that are not executable', () => {
    const dir = tempDir('egovscan-noexec-');
    const file = join(dir, 'chromium');
    writeFileSync(file, 'not a browser');
    chmodSync(file, 0o644);
    expect(findChromium({}, [file]).path).toBeUndefined();
  });
});

describe('saying it once', () => {
  it('prints the missing-browser message once however often the run asks', () => {
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    expect(chromiumOrSayWhy({}, [], log)).toBeUndefined();
    expect(chromiumOrSayWhy({}, [], log)).toBeUndefined();
    expect(lines).toEqual([NO_CHROMIUM_MESSAGE]);
    expect(sayOnce(NO_CHROMIUM_MESSAGE, log)).toBe(false);
  });
});
