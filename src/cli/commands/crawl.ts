import { Command } from 'commander';
import { loadTargets, filterTargets } from '../../config/targets.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from '../options.ts';
import { executeRun } from '../run-command.ts';

export type CrawlCommandFlags = CrawlFlags & { targets: string };

/** What `crawl` does, shared with each run of `schedule`. Returns the exit code. */
export async function crawlFromFlags(flags: CrawlCommandFlags): Promise<number> {
  const settings = settingsFromFlags(flags);
  const targets = filterTargets(await loadTargets(flags.targets), settings.only, flags.targets);
  const result = await executeRun(targets, settings);
  return result.status === 'finished' ? 0 : 1;
}

export function registerCrawl(program: Command): void {
  addCrawlFlags(
    program
      .command('crawl')
      .description('crawl the portals of a targets file, score them and check their applications')
      .requiredOption('--targets <file>', 'targets file (YAML or JSON), see targets/example.yaml'),
  ).action(async (flags: CrawlCommandFlags) => {
    process.exitCode = await crawlFromFlags(flags);
  });
}
