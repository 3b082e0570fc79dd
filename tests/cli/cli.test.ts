// The command line as a user meets it: help, exit codes, and messages that name the bad input.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = new URL('../../bin/egovscan.js', import.meta.url).pathname;
let dir: string;

function egovscan(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('egovscan command line', () => {
  it('prints help with every command and exits 0', () => {
    const r = egovscan('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['crawl', 'demo', 'report', 'diff', 'schedule']) expect(r.stdout).toContain(cmd);
  });

  it('documents the contract flags of crawl', () => {
    const r = egovscan('crawl', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--targets', '--out', '--run-id', '--max-pages', '--max-depth', '--concurrency', '--per-host', '--delay-ms',
      '--timeout-ms', '--render', '--lighthouse', '--allow-private', '--only', '--criteria', '--resume', '--no-bom']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('exits 2 naming the file, the entry and the field of every problem in a targets file', async () => {
    const file = join(dir, 'kota.yaml');
    await writeFile(
      file,
      [
        'targets:',
        '  - id: medan',
        '    name: Kota Medan',
        '    portal: portal.pemkomedan',
        '  - id: Surabaya!',
        '    name: Kota Surabaya',
        '    portal: https://surabaya.go.id/',
        '    applications:',
        '      - { name: WargaKu, url: https://wargaku.surabaya.go.id/, category: G2X }',
        '  - id: medan',
        '    name: Kota Medan lagi',
        '    portal: https://pemkomedan.go.id/',
        '    domian: [pemkomedan.go.id]',
      ].join('\n'),
    );
    const r = egovscan('crawl', '--targets', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kota\.yaml: targets\[0\] \(id "medan"\): portal: /);
    expect(r.stderr).toMatch(/targets\[1\].*: id: /);
    expect(r.stderr).toMatch(/targets\[1\].*applications\[0\]\.category: .*G2C/);
    expect(r.stderr).toMatch(/targets\[2\].*domian/);
    expect(r.stderr).toMatch(/targets\[2\].*medan.*targets\[0\]/);
    // Nothing was written for a run that never started.
    await expect(stat(join(dir, 'out'))).rejects.toThrow();
  });

  it('exits 2 for a missing targets file, naming it', () => {
    const r = egovscan('crawl', '--targets', join(dir, 'tidak-ada.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tidak-ada.yaml');
  });

  it('exits 2 for a bad flag value, naming the flag', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(file, 'targets:\n  - { id: kota, name: Kota, portal: "https://kota.invalid/" }\n');
    const r = egovscan('crawl', '--targets', file, '--max-pages', 'banyak');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-pages');
  });

  it('exits 2 for an unknown command or option', () => {
    expect(egovscan('crawling').code).toBe(2);
    expect(egovscan('crawl', '--targets', 'x.yaml', '--bogus').code).toBe(2);
  });

  it('exits 2 for a rubric that does not validate, naming the file and the field', async () => {
    const targets = join(dir, 'ok.yaml');
    const rubric = join(dir, 'rubric.yaml');
    await writeFile(rubric, 'id: coba\ncriteria: []\nindicators: []\nbobot: 3\n');
    const r = egovscan('crawl', '--targets', targets, '--criteria', rubric, '--out', join(dir, 'out2'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rubric.yaml');
    expect(r.stderr).toContain('bobot');
  });
});
