import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registerReport, runReportCommand } from '../../src/cli/commands/report.ts';
import { RUNS, writeFakeOutput, type FakeOutput } from './fixtures.ts';

const made: FakeOutput[] = [];
afterEach(() => {
  for (const f of made.splice(0)) f.cleanup();
  process.exitCode = undefined;
});

describe('egovscan report', () => {
  it('reports on <out>/latest by default, in Indonesian', async () => {
    const f = await writeFakeOutput();
    made.push(f);
    const program = new Command().exitOverride();
    registerReport(program);
    await program.parseAsync(['node', 'egovscan', 'report', '--out', f.out]);
    const html = readFileSync(join(f.out, f.latest, 'report.html'), 'utf8');
    expect(html).toContain('<html lang="id">');
    for (const file of ['comparison.csv', 'history.csv', 'dictionary.csv', 'datapackage.json']) expect(existsSync(join(f.out, f.latest, file))).toBe(true);
    // Other runs are left alone.
    expect(existsSync(join(f.out, RUNS[0].id, 'report.html'))).toBe(false);
  });

  it('takes --run-id and --lang en', async () => {
    const f = await writeFakeOutput();
    made.push(f);
    const lines: string[] = [];
    const code = await runReportCommand({ out: f.out, runId: RUNS[1].id, lang: 'en', stdout: (s) => lines.push(s) });
    expect(code).toBe(0);
    expect(readFileSync(join(f.out, RUNS[1].id, 'report.html'), 'utf8')).toContain('<html lang="en">');
    expect(lines.join('\n')).toContain(join(f.out, RUNS[1].id, 'report.html'));
    // History of an earlier run is still over every finished run in the folder.
    expect(lines[0]).toContain('history over 3 runs');
  });

  it('exits 2 for an unknown run or an empty folder, naming the known runs', async () => {
    const f = await writeFakeOutput({ runs: 2 });
    made.push(f);
    const errors: string[] = [];
    expect(await runReportCommand({ out: f.out, runId: 'nope', stderr: (s) => errors.push(s) })).toBe(2);
    expect(errors[0]).toContain(RUNS[0].id);
    expect(await runReportCommand({ out: join(f.out, 'empty'), stderr: (s) => errors.push(s) })).toBe(2);
    expect(errors[1]).toContain('no finished run');
  });

  it('rejects a language it does not have', async () => {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => {} });
    registerReport(program);
    for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {} });
    await expect(program.parseAsync(['node', 'egovscan', 'report', '--lang', 'jv'])).rejects.toThrow(/lang/);
  });
});
