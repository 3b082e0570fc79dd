// `egovscan report [--out <dir>] [--run-id <id>] [--lang id|en] [--no-bom]`: (re)writes the
// comparison files (comparison.csv, history.csv, dictionary.csv, datapackage.json) and report.html
// of one run folder, by default `<out>/latest`.
import { CommanderError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LANG, LANGS, type Lang } from '../../report/html/i18n.ts';
import { listRunFolders, readRunMeta, resolveLatest } from '../../report/read-run.ts';
import { writeReport } from '../../report/write-report.ts';
import { isPostgresUrl, openStore } from '../../store/index.ts';
import { MissingRunError, writeRunFromStore } from '../../run/worker-report.ts';

export interface ReportCommandOptions {
  out?: string;
  /** Write the run's files from this shared store (postgres://…) rather than from its folder. */
  store?: string;
  runId?: string;
  lang?: Lang;
  bom?: boolean;
  stdout?: (s: string) => void;
  stderr?: (s: string) => void;
}

/** Runs the command; returns the exit code (0 written, 2 no such run). */
export async function runReportCommand(opts: ReportCommandOptions = {}): Promise<number> {
  const out = opts.out ?? 'output';
  const print = opts.stdout ?? ((s: string) => process.stdout.write(`${s}\n`));
  const warn = opts.stderr ?? ((s: string) => process.stderr.write(`${s}\n`));
  // A shared store named by EGOVSCAN_STORE counts as --store for a run this machine has no folder of.
  const env = process.env.EGOVSCAN_STORE;
  const store = opts.store ?? (isPostgresUrl(env) && opts.runId !== undefined && !existsSync(join(out, opts.runId, 'run.json')) ? env : undefined);
  if (store !== undefined) return reportFromStore({ ...opts, store }, out, print, warn);
  const runId = opts.runId ?? (await resolveLatest(out));
  if (!runId) {
    warn(`egovscan report: no finished run in ${out} (no ${join(out, 'latest')}); pass --run-id or --out`);
    return 2;
  }
  const dir = join(out, runId);
  if (runId === 'latest' || !existsSync(join(dir, 'run.json'))) {
    const known = (await listRunFolders(out)).map((r) => r.runId);
    warn(`egovscan report: no run "${runId}" in ${out}; known runs: ${known.length ? known.join(', ') : 'none'}`);
    return 2;
  }
  // Unless told otherwise, a rewritten report keeps the run's own choices: the byte-order mark of
  // its CSV files and the language it was written in.
  const settings = (await readRunMeta(dir))?.settings as { bom?: boolean; lang?: Lang } | undefined;
  const bom = opts.bom ?? settings?.bom ?? true;
  const lang = opts.lang ?? (settings?.lang === 'en' || settings?.lang === 'id' ? settings.lang : DEFAULT_LANG);
  const result = await writeReport(dir, { lang, bom, out });
  print(`Report of run ${result.runId}: ${result.cities} cities, history over ${result.runs} run${result.runs === 1 ? '' : 's'}`);
  for (const f of result.files) print(`Written: ${f}`);
  return 0;
}

/** A run no folder holds whole (a distributed one): its files are written from the store. */
async function reportFromStore(opts: ReportCommandOptions, out: string, print: (s: string) => void, warn: (s: string) => void): Promise<number> {
  if (!opts.runId) {
    warn('egovscan report: --store needs --run-id (the run to write from the store)');
    return 2;
  }
  const store = await openStore(out, { store: opts.store });
  try {
    const result = await writeRunFromStore(store, opts.runId, out, { lang: opts.lang, bom: opts.bom });
    print(`Report of run ${result.runId} from ${store.file}: ${result.cities} cities, history over ${result.runs} run${result.runs === 1 ? '' : 's'}`);
    if (result.failed.length) print(`Failed cities (every attempt): ${result.failed.join(', ')}`);
    for (const f of result.files) print(`Written: ${f}`);
    return 0;
  } catch (err) {
    if (err instanceof MissingRunError) {
      warn(`egovscan report: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await store.close();
  }
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('(re)write the comparison files (comparison.csv, history.csv, dictionary.csv, datapackage.json) and the self-contained report.html of a run')
    .option('--out <dir>', 'output folder holding the runs', 'output')
    .option('--run-id <id>', 'the run to report on (default: the newest finished run, <out>/latest)')
    .addOption(new Option('--lang <lang>', 'language of report.html: id (Indonesian) or en (English)').choices([...LANGS]).default(DEFAULT_LANG))
    .option('--no-bom', 'write the CSV files without the UTF-8 byte-order mark')
    .option('--store <url>', 'write the run\'s files from this store (a postgres:// URL shared by workers, or a SQLite file) instead of its folder; needs --run-id')
    .action(async (options: { out: string; runId?: string; lang: Lang; bom: boolean; store?: string }, cmd: Command) => {
      const given = (name: string) => cmd.getOptionValueSource(name) === 'cli';
      const code = await runReportCommand({
        out: options.out,
        ...(options.store ? { store: options.store } : {}),
        ...(options.runId ? { runId: options.runId } : {}),
        ...(given('lang') ? { lang: options.lang } : {}),
        ...(given('bom') ? { bom: options.bom } : {}),
      });
      process.exitCode = code;
      if (code !== 0) throw new CommanderError(code, 'egovscan.report', 'egovscan report failed');
    });
}
