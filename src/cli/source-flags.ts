// The flags of WARC capture, WARC replay and web-archive time travel (docs/warc.md), parsed into
// RunSettings fields with an exit-2 InputError naming the flag.
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import type { InputProblem } from '../config/input-error.ts';
import type { RunSettings } from '../run/settings.ts';

export interface SourceFlags {
  warc?: boolean;
  wacz?: boolean;
  fromWarc?: string;
  at?: string;
  archive?: string;
  archiveWindow?: string;
}

export function sourceOptions(): Option[] {
  return [
    new Option('--warc', 'keep every response read and every rendered DOM as WARC 1.1 records in <run>/warc/*.warc.gz').default(false),
    new Option('--wacz', 'also package the run\'s WARCs as <run>/<run-id>.wacz (opens in ReplayWeb.page); implies --warc').default(false),
    new Option('--from-warc <file|dir>', 'answer every fetch from these WARC files (egovscan, wget --warc-file, Webrecorder, Browsertrix) and never touch the network'),
    new Option('--at <date>', 'judge the portals as a web archive captured them nearest this date (YYYY, YYYY-MM or YYYY-MM-DD); only the archive is contacted'),
    new Option('--archive <url>', 'web archive for --at: a CDX API and id_ replay at this base URL').default('https://web.archive.org'),
    new Option('--archive-window <days>', 'with --at, take no capture farther than this many days from the date').default('183'),
  ];
}

/** `2015`, `2015-06`, `2015-06-30` or a full ISO time, as a UTC date; undefined when it is none of these. */
export function parseAtDate(raw: string): Date | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(raw.trim());
  const d = m
    ? new Date(Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)))
    : /^\d{4}-\d{2}-\d{2}T/.test(raw) ? new Date(raw) : undefined;
  if (!d || Number.isNaN(d.getTime())) return undefined;
  // 2015-02-31 would roll over into March: a date that is not one is refused.
  if (m && (d.getUTCMonth() + 1 !== Number(m[2] ?? 1) || d.getUTCDate() !== Number(m[3] ?? 1))) return undefined;
  return d;
}

export function sourceSettings(flags: SourceFlags, problems: InputProblem[]): Partial<RunSettings> {
  const out: Partial<RunSettings> = { warc: flags.warc ?? false, wacz: flags.wacz ?? false };
  if (flags.fromWarc !== undefined) {
    if (!existsSync(flags.fromWarc)) problems.push({ file: '--from-warc', message: `no such file or folder "${flags.fromWarc}"` });
    else out.fromWarc = flags.fromWarc;
  }
  if (flags.at !== undefined) {
    const at = parseAtDate(flags.at);
    if (!at) problems.push({ file: '--at', message: `takes a date (YYYY, YYYY-MM or YYYY-MM-DD), got "${flags.at}"` });
    else out.at = at;
  }
  if (flags.fromWarc !== undefined && flags.at !== undefined) {
    problems.push({ file: '--at', message: 'cannot be used with --from-warc: each says where the answers come from' });
  }
  if (flags.archive !== undefined) {
    if (!/^https?:\/\/[^/\s]+/i.test(flags.archive)) problems.push({ file: '--archive', message: `must be an http(s) URL, got "${flags.archive}"` });
    else out.archive = flags.archive.replace(/\/+$/, '');
  }
  if (flags.archiveWindow !== undefined) {
    const n = Number(flags.archiveWindow);
    if (!Number.isInteger(n) || n < 0 || n > 36_500) problems.push({ file: '--archive-window', message: `must be a whole number of days from 0 to 36500, got "${flags.archiveWindow}"` });
    else out.archiveWindowDays = n;
  }
  return out;
}
