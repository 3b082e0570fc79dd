// Flag parsing shared by `crawl`, `demo` and `schedule`: turns commander's strings into RunSettings,
// with an exit-2 InputError that names the flag for every bad value.
import { Command, Option } from 'commander';
import { InputError, type InputProblem } from '../config/input-error.ts';
import { makeSettings, type RenderMode, type RunSettings } from '../run/settings.ts';
import { DEFAULT_VANTAGE_HOSTS, type VantageMode } from '../run/vantage.ts';
import type { CrawlOptions } from '../crawl/types.ts';
import { sourceOptions, sourceSettings, type SourceFlags } from './source-flags.ts';

export interface CrawlFlags extends SourceFlags {
  out?: string;
  store?: string;
  runId?: string;
  maxPages?: string;
  maxDepth?: string;
  concurrency?: string;
  perHost?: string;
  delayMs?: string;
  timeoutMs?: string;
  trapLimit?: string;
  render?: string;
  lighthouse?: boolean;
  lighthousePages?: string;
  lighthouseDesktop?: boolean;
  lighthouseJson?: boolean;
  allowPrivate?: boolean;
  only?: string;
  criteria?: string;
  resume?: boolean;
  bom?: boolean;
  checkExternal?: boolean;
  cityConcurrency?: string;
  resolve?: string[];
  resolveOnly?: boolean;
  lang?: string;
  vantageCheck?: string;
  vantageHosts?: string;
  recheckAfter?: string;
}

/** The crawl flags of contract.md (and a few additive ones), fresh objects for one command. */
export function crawlOptions(): Option[] {
  return [
    new Option('--out <dir>', 'output folder; each run writes to <out>/<run-id>/').default('output'),
    new Option('--store <url>', 'the history store: postgres://user@host/db shared by several machines (default: EGOVSCAN_STORE, else <out>/egovscan.sqlite)'),
    new Option('--run-id <id>', 'name of the run (default: UTC timestamp, e.g. 2026-11-23T02-00-00Z; -2, -3... when taken)'),
    new Option('--max-pages <n>', 'pages per city at most').default('300'),
    new Option('--max-depth <n>', 'clicks from the home page at most').default('5'),
    new Option('--concurrency <n>', 'requests in flight at most, over all sites').default('16'),
    new Option('--per-host <n>', 'requests in flight per site at most').default('2'),
    new Option('--delay-ms <n>', 'pause between two requests to one site (raised by robots.txt Crawl-delay)').default('250'),
    new Option('--timeout-ms <n>', 'time limit of one request').default('20000'),
    new Option('--trap-limit <n>', 'pages of one URL family that repeat content the family already had, before the trap guard stops following it (0: no content guard)').default('10'),
    new Option('--render <mode>', 'render pages in Chromium: never, auto (app shells only) or always').choices(['never', 'auto', 'always']).default('auto'),
    new Option('--lighthouse', 'run Lighthouse and axe on each city\'s home page and key service pages (needs Chromium)').default(false),
    new Option('--lighthouse-pages <n>', 'pages audited per city with --lighthouse').default('3'),
    new Option('--lighthouse-desktop', 'audit with Lighthouse\'s desktop settings instead of mobile').default(false),
    new Option('--lighthouse-json', 'keep every full Lighthouse report, gzipped, in <run>/lighthouse/').default(false),
    new Option('--allow-private', 'allow targets on loopback / private addresses (off: a targets file cannot point the crawler at your own network)').default(false),
    new Option('--only <ids>', 'crawl only these city ids (comma-separated)'),
    new Option('--criteria <rubric.yaml>', 'rubric to score with (default criteria/sitokdana-2015.yaml)'),
    new Option('--resume', 'continue an unfinished run without refetching what it has: the one named by --run-id, else the newest unfinished one in --out').default(false),
    new Option('--no-bom', 'write CSV files without the UTF-8 byte-order mark'),
    new Option('--lang <lang>', 'language of the HTML report: id (Bahasa Indonesia) or en').choices(['id', 'en']).default('id'),
    new Option('--no-check-external', 'do not check links that leave the city\'s sites'),
    new Option('--city-concurrency <n>', 'cities crawled at the same time (default: --concurrency ÷ --per-host)'),
    new Option('--resolve <host=ip...>', 'connect to this address for this host name (like curl --resolve); repeatable'),
    new Option('--resolve-only', 'never look host names up: hosts not given with --resolve are not checked (offline tests)').default(false),
    new Option('--vantage-check <mode>', 'check this machine\'s own connectivity first (DNS and TLS to stable public names): auto (unless every target is local or mapped with --resolve), on, or off (trust the resolver)').choices(['auto', 'on', 'off']).default('auto'),
    new Option('--recheck-after <seconds>', 'check a dead application again after this long before writing it inactive (0: once)').default('120'),
    new Option('--vantage-hosts <names>', `stable public names the vantage check resolves and connects to (comma-separated; default ${DEFAULT_VANTAGE_HOSTS.join(',')})`),
  ];
}

/** Adds the crawl flags to a command. */
export function addCrawlFlags(cmd: Command): Command {
  for (const option of [...crawlOptions(), ...sourceOptions()]) cmd.addOption(option);
  return cmd;
}

function int(problems: InputProblem[], flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push({ file: flag, message: `${flag} must be a whole number from ${min} to ${max}, got "${raw}"` });
    return undefined;
  }
  return n;
}

export function settingsFromFlags(flags: CrawlFlags, extra: Partial<CrawlOptions> = {}): RunSettings {
  const problems: InputProblem[] = [];
  const resolve: Record<string, string> = {};
  for (const pair of flags.resolve ?? []) {
    const m = /^([a-z0-9.-]+)=([0-9a-f.:]+)$/i.exec(pair);
    if (!m) problems.push({ file: '--resolve', message: `--resolve takes host=ip, got "${pair}"` });
    else resolve[m[1]!.toLowerCase()] = m[2]!;
  }
  const crawl: Partial<CrawlOptions> = {
    maxPages: int(problems, '--max-pages', flags.maxPages, 1, 1_000_000),
    maxDepth: int(problems, '--max-depth', flags.maxDepth, 0, 100),
    concurrency: int(problems, '--concurrency', flags.concurrency, 1, 1024),
    perHost: int(problems, '--per-host', flags.perHost, 1, 256),
    delayMs: int(problems, '--delay-ms', flags.delayMs, 0, 600_000),
    timeoutMs: int(problems, '--timeout-ms', flags.timeoutMs, 100, 600_000),
    trapLimit: int(problems, '--trap-limit', flags.trapLimit, 0, 1_000_000),
    allowPrivate: flags.allowPrivate ?? false,
    checkExternal: flags.checkExternal ?? true,
    ...(Object.keys(resolve).length ? { resolve } : {}),
    ...(flags.resolveOnly ? { onlyResolved: true } : {}),
    ...extra,
  };
  const vantageHosts = flags.vantageHosts?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (vantageHosts?.length === 0 || vantageHosts?.some((h) => !/^[a-z0-9.-]+$/.test(h))) {
    problems.push({ file: '--vantage-hosts', message: `--vantage-hosts takes host names separated by commas, got "${flags.vantageHosts}"` });
  }
  const recheckAfter = int(problems, '--recheck-after', flags.recheckAfter, 0, 3600);
  const cityConcurrency = int(problems, '--city-concurrency', flags.cityConcurrency, 1, 256);
  const lighthousePages = int(problems, '--lighthouse-pages', flags.lighthousePages, 1, 50);
  const sources = sourceSettings(flags, problems);
  if (problems.length) throw new InputError('command line', problems);
  for (const key of Object.keys(crawl) as Array<keyof CrawlOptions>) if (crawl[key] === undefined) delete crawl[key];
  return makeSettings({
    ...sources,
    out: flags.out,
    store: flags.store,
    runId: flags.runId,
    criteria: flags.criteria,
    render: flags.render as RenderMode | undefined,
    lighthouse: flags.lighthouse,
    lighthousePages,
    lighthouseDesktop: flags.lighthouseDesktop,
    lighthouseJson: flags.lighthouseJson,
    resume: flags.resume,
    bom: flags.bom,
    lang: flags.lang === 'en' ? 'en' : 'id',
    only: flags.only ? flags.only.split(',').map((s) => s.trim()).filter(Boolean) : [],
    cityConcurrency,
    recheckAfterMs: (recheckAfter ?? 0) * 1000,
    vantage: {
      ...(flags.vantageCheck ? { mode: flags.vantageCheck as VantageMode } : {}),
      ...(vantageHosts?.length ? { hosts: vantageHosts } : {}),
    },
    crawl,
  });
}
