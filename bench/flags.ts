// The benchmark's command line: `npm run bench -- [flags]`. A flag it does not know, or a number
// that is not one, ends the run at once with one line naming it (exit 2).
export interface BenchFlags {
  /** Folder holding gen-site.mjs and serve.mjs (the shared realistic workload). */
  workload?: string;
  pages: number;
  port: number;
  latencies: number[];
  tools: string[];
  concurrency: number;
  dist: boolean;
  stagePages: number;
  seed: number;
  runs: number;
  multiPortals: number;
  multiPages: number;
  multiSingles: number;
  has(name: string): boolean;
}

const SWITCHES = ['skip-workload', 'skip-stages', 'skip-multi', 'skip-linkinator', 'skip-full', 'dist'];
const VALUES = ['workload', 'pages', 'port', 'latencies', 'tools', 'concurrency', 'stage-pages', 'seed', 'runs', 'multi-portals', 'multi-pages', 'multi-singles'];
export const TOOLS = ['egovscan', 'linkinator', 'crawlee'];

export function parseFlags(argv: string[]): BenchFlags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const fail = (why: string): never => {
    console.error(`bench: ${why}`);
    process.exit(2);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.replace(/^--/, '');
    if (SWITCHES.includes(name)) switches.add(name);
    else if (VALUES.includes(name) && i + 1 < argv.length) values.set(name, argv[++i]!);
    else fail(`unknown flag or missing value: ${a} (flags: ${[...SWITCHES, ...VALUES].map((f) => `--${f}`).join(' ')})`);
  }
  const int = (name: string, fallback: number, min = 1): number => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    return Number.isInteger(v) && v >= min ? v : fail(`--${name} takes a whole number ≥ ${min}, got ${raw}`);
  };
  const latencies = (values.get('latencies') ?? '0,20').split(',').map((x) => (/^\d+$/.test(x) ? Number(x) : fail(`--latencies takes numbers like 0,20, got ${x}`)));
  const tools = (values.get('tools') ?? TOOLS.join(',')).split(',').map((t) => (TOOLS.includes(t) ? t : fail(`--tools takes ${TOOLS.join(',')}, got ${t}`)));
  return {
    workload: values.get('workload'),
    pages: int('pages', 5000, 200),
    port: int('port', 18080, 1024),
    latencies,
    tools,
    concurrency: int('concurrency', 16),
    dist: switches.has('dist'),
    stagePages: int('stage-pages', 5000),
    seed: int('seed', 20260801),
    runs: int('runs', 2),
    multiPortals: int('multi-portals', 50),
    multiPages: int('multi-pages', 40),
    multiSingles: int('multi-singles', 3),
    has: (name) => switches.has(name),
  };
}
