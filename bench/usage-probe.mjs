// Preloaded into a measured process (`node --import ./bench/usage-probe.mjs ...`): when the process
// exits, it writes what the kernel counted for it (getrusage: peak resident set size, user and
// system CPU of all its threads) to the file named by BENCH_USAGE_FILE. A crawler's own figures
// would leave out what it does not see (its loader threads, its workers, its exit).
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_USAGE_FILE;
if (file && isMainThread) {
  const t0 = performance.now();
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime, ms: performance.now() - t0 }));
  });
}
