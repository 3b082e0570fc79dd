import { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
    // An earlier run's history is what was known when it ran: later runs are not pulled into it.
    expect(lines[0]).toContain('history over 2 runs');
    const history = readFileSync(join(f.out, RUNS[1].id, 'history.csv'), 'utf8');
    expect(history).toContain(RUNS[0].id);
    expect(history).not.toContain(RUNS[2].id);
  });

  it('keeps the run\'s own language and byte-order-mark choice unless told otherwise', async () => {
    const f = await writeFakeOutput();
    made.push(f);
    const dir = join(f.out, f.latest);
    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    meta.settings = { ...(meta.settings ?? {}), bom: false, lang: 'en' };
    writeFileSync(join(dir, 'run.json'), JSON.stringify(meta));
    expect(await runReportCommand({ out: f.out, stdout: () => {} })).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<html lang="en">');
    expect(readFileSync(join(dir, 'comparison.csv'), 'utf8').charCodeAt(0)).not.toBe(0xfeff);
    const pkg = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    const comparison = pkg.resources.find((r: { path: string }) => r.path === 'comparison.csv');
    expect(comparison.encoding).toBe('utf-8');
    expect(await runReportCommand({ out: f.out, lang: 'id', bom: true, stdout: () => {} })).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<html lang="id">');
    expect(readFileSync(join(dir, 'comparison.csv'), 'utf8').charCodeAt(0)).toBe(0xfeff);
    const again = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8'));
    expect(again.resources.find((r: { path: string }) => r.path === 'comparison.csv').encoding).toBe('utf-8-sig');
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
