// `egovscan agree --coding <sheet.csv> [--run <run-id|folder>] [--out <dir>] [--results <dir>]`:
// agreement between egovscan and a researcher's hand coding of a sample (docs/agreement.md);
// `egovscan agree --template [file]` writes the blank, blind coding sheet of a run.
import { CommanderError, type Command } from 'commander';
import { join } from 'node:path';
import { InputError } from '../../config/input-error.ts';
import { agree, agreementTable, locateRun, readRunVerdicts, RunNotFoundError, writeTemplate } from '../../agree/index.ts';

export interface AgreeCommandOptions {
  /** A run id in `out`, or a path to a run folder (default: `<out>/latest`). */
  run?: string;
  /** The folder holding the runs, as for every other command (default `output`). */
  out?: string;
  coding?: string;
  /** Folder for agreement.csv, disagreements.csv and agreement.json (default: the run folder). */
  results?: string;
  /** true: write the template into the run folder; a string: write it to that file. */
  template?: boolean | string;
  bom?: boolean;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

export const TEMPLATE_FILE = 'coding-sheet.csv';

/** Runs the command; returns the exit code (0 written, 2 bad input: no such run, a bad coding sheet). */
export async function runAgreeCommand(opts: AgreeCommandOptions): Promise<number> {
  const out = opts.out ?? 'output';
  const print = opts.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const warn = opts.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  try {
    const dir = await locateRun(opts.run, out);
    if (opts.template !== undefined && opts.template !== false) {
      if (opts.coding) {
        warn('egovscan agree: --template writes a blank sheet and --coding reads a filled one; give one of them');
        return 2;
      }
      const run = await readRunVerdicts(dir);
      const file = typeof opts.template === 'string' ? opts.template : join(dir, TEMPLATE_FILE);
      const rows = await writeTemplate(run, file, { bom: opts.bom });
      print(`Coding sheet of run ${run.runId}: ${rows} rows (${run.cities.size} cities × the indicators egovscan assessed)`);
      print(`Written: ${file}`);
      print('Keep the rows of your sample, fill in met (1/0, ya/tidak, …), phase (once per city) and note; then: egovscan agree --coding <file>');
      return 0;
    }
    if (!opts.coding) {
      warn('egovscan agree: --coding <file.csv> is required (or --template to write a blank coding sheet)');
      return 2;
    }
    const { result, files } = await agree({ runDir: dir, coding: opts.coding, resultsDir: opts.results, bom: opts.bom });
    print(`Agreement of run ${result.runId} with ${opts.coding}:`);
    print(agreementTable(result));
    for (const f of files) print(`Written: ${f}`);
    return 0;
  } catch (err) {
    if (err instanceof RunNotFoundError) {
      warn(`egovscan agree: ${err.message}`);
      return 2;
    }
    if (err instanceof InputError) {
      const n = err.problems.length;
      warn(`egovscan agree: ${n === 1 ? 'a problem' : `${n} problems`} in the coding sheet, nothing was written:\n${err.message}`);
      return 2;
    }
    throw err;
  }
}

export function registerAgree(program: Command): void {
  program
    .command('agree')
    .description("agreement with a researcher's own coding: % agreement, Cohen's kappa with 95% CI and confusion counts per indicator, criterion and overall, phase agreement, and the disagreements with egovscan's evidence (docs/agreement.md)")
    .option('--coding <file.csv>', 'the filled coding sheet: columns city_id, indicator, met (1/0, yes/no, ya/tidak, true/false, met/not met), optionally phase and note; "," or ";" separated')
    .option('--run <run-id|folder>', 'the run to compare with: a run id in --out, or the path of a run folder (default: <out>/latest)')
    .option('--run-id <id>', 'same as --run, for symmetry with `egovscan report`')
    .option('--out <dir>', 'output folder holding the runs', 'output')
    .option('--results <dir>', 'where agreement.csv, disagreements.csv and agreement.json go (default: the run folder)')
    .option('--template [file]', `write the blank, blind coding sheet of the run instead (default file: <run folder>/${TEMPLATE_FILE})`)
    .option('--no-bom', 'write the CSV files without the UTF-8 byte-order mark')
    .action(async (o: { coding?: string; run?: string; runId?: string; out: string; results?: string; template?: boolean | string; bom: boolean }) => {
      const code = await runAgreeCommand({ run: o.run ?? o.runId, out: o.out, coding: o.coding, results: o.results, template: o.template, bom: o.bom });
      process.exitCode = code;
      if (code !== 0) throw new CommanderError(code, 'egovscan.agree', 'egovscan agree failed');
    });
}
