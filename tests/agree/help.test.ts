// `egovscan --help` lists the agree command, and its own help names every flag docs/agreement.md uses.
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.ts';

describe('egovscan agree in the help', () => {
  it('is listed with its flags', () => {
    const program = buildProgram();
    expect(program.helpInformation()).toMatch(/\bagree\b.*agreement with a researcher's own coding/);
    const agree = program.commands.find((c) => c.name() === 'agree')!;
    const help = agree.helpInformation();
    for (const flag of ['--coding <file.csv>', '--run <run-id|folder>', '--out <dir>', '--results <dir>', '--template [file]', '--no-bom']) expect(help).toContain(flag);
  });
});
