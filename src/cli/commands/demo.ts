import { Command, Option } from 'commander';
import { startPortalServer } from '../../demo/portal-server.ts';
import { DEMO_NOW } from '../../demo/site.ts';
import { settingsFromFlags, type CrawlFlags } from '../options.ts';
import { executeRun, runExitCode } from '../run-command.ts';
import { newestToResume } from './crawl.ts';
import { checkOutFolder } from '../../run/run-dir.ts';

const DEMO_PORT = 47_811;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('serve the bundled example portals on loopback and crawl them (no network needed)')
    .option('--out <dir>', 'output folder', 'output')
    .option('--run-id <id>', 'name of the run (default: UTC timestamp)')
    .option('--resume', 'continue the unfinished demo run named by --run-id', false)
    .addOption(new Option('--render <mode>', 'render pages in Chromium').choices(['never', 'auto', 'always']).default('auto'))
    .option('--lighthouse', 'also run Lighthouse and axe on the portals\' key pages', false)
    .option('--no-bom', 'write CSV files without the UTF-8 byte-order mark')
    .addOption(new Option('--lang <lang>', 'language of the HTML report: id or en').choices(['id', 'en']).default('id'))
    .action(async (given: CrawlFlags) => {
      // A mistake in --out is said before the portals are served, in one line.
      await checkOutFolder(given.out ?? 'output');
      const flags = given.resume && !given.runId ? { ...given, runId: await newestToResume(given.out ?? 'output') } : given;
      // A fixed port keeps the example applications' URLs the same from run to run, so that a
      // second `demo` shows history (first_seen, changed) instead of a new set of applications.
      const server = await startPortalServer({ port: DEMO_PORT }).catch(() => startPortalServer());
      try {
        process.stderr.write(`Serving ${server.cities.length} example portals on 127.0.0.1:${server.port}\n`);
        const settings = settingsFromFlags(
          { ...flags, allowPrivate: true },
          // The example portals live on this machine: map their host names to loopback, refuse
          // every other host without a DNS lookup, and crawl briskly.
          { resolve: server.resolve, onlyResolved: true, delayMs: 20, perHost: 4 },
        );
        // The example pages were written against a fixed "today"; judging freshness from it keeps
        // the demo's results the same whatever day it is run.
        settings.now = DEMO_NOW;
        const result = await executeRun(server.targets(), settings, {
          resumeCommand: (runId) => `egovscan demo${flags.out && flags.out !== 'output' ? ` --out ${flags.out}` : ''} --resume --run-id ${runId}`,
        });
        process.exitCode = runExitCode(result);
      } finally {
        await server.close();
      }
    });
}
