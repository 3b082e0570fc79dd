import { Command } from 'commander';
import { loadTargets, filterTargets } from '../../config/targets.ts';
import { addCrawlFlags, settingsFromFlags, type CrawlFlags } from '../options.ts';
import { executeRun } from '../run-command.ts';

export function registerCrawl(program: Command): void {
  addCrawlFlags(
    program
      .command('crawl')
      .description('crawl the portals of a targets file, score them and check their applications')
      .requiredOption('--targets <file>', 'targets file (YAML or JSON), see targets/example.yaml'),
  ).action(async (flags: CrawlFlags & { targets: string }) => {
    const settings = settingsFromFlags(flags);
    const targets = filterTargets(await loadTargets(flags.targets), settings.only, flags.targets);
    await executeRun(targets, settings);
  });
}
