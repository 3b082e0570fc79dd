// `npm run bench [-- flags]` (see flags.ts):
// 1. The shared realistic workload (--workload, default ../shared/bench-workload): a generated
//    5,000-page regency portal with its truth.json, served by its own serve.mjs at each latency
//    (--latencies 0,20). egovscan's whole `crawl` command, linkinator and Crawlee's CheerioCrawler
//    each crawl it in a process of their own, 16 connections (--concurrency): pages/s, pages
//    fetched of those reachable, dead targets found and false ones, peak RSS and CPU seconds from
//    the kernel. --dist runs egovscan's compiled build (npm run build) instead of tsx.
// 2. The stage figures on the project's own generated portal (bench/site.ts): crawl stage, full run
//    and linkinator (--skip-stages, --skip-full, --skip-linkinator, --stage-pages, --runs).
// 3. Many portals at once (--skip-multi, --multi-portals 50, --multi-pages 40, --multi-singles 3).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from './flags.ts';
import { runMulti } from './multi.ts';
import { runStages } from './stages.ts';
import { describe, runTool, type Tool } from './workload-bench.ts';
import { prepareWorkload, workloadDir } from './workload.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const f = parseFlags(process.argv.slice(2));
if (f.dist && !existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.error('bench: --dist runs the compiled build, and there is none: run npm run build first');
  process.exit(2);
}
console.log(`egovscan benchmark: node ${process.versions.node}, ${availableParallelism()} cores${f.dist ? ', egovscan from dist/' : ', egovscan from the sources (tsx)'}`);

if (!f.has('skip-workload')) {
  let dir: string;
  try {
    dir = workloadDir(root, f.workload);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const w = await prepareWorkload(dir, f.pages, f.port);
  console.log(
    `workload: ${w.site} (${f.pages} pages, ${w.truth.htmlPagesReachableRespectingRobots} reachable under robots.txt, ${w.truth.deadUnique.total} dead targets), ` +
      `concurrency ${f.concurrency}; pages = distinct HTML pages the server answered 200, ÷ wall time of the whole process`,
  );
  for (const latency of f.latencies) {
    for (const tool of f.tools as Tool[]) {
      const r = await runTool(tool, latency, { root, workload: w, concurrency: f.concurrency, dist: f.dist });
      console.log(describe(r, w));
    }
  }
}
if (!f.has('skip-stages')) await runStages(f);
if (!f.has('skip-multi')) await runMulti(f);
