// Peak resident set size of this process: sampled every 25 ms, and the kernel's own maximum
// (getrusage ru_maxrss) at the end, whichever is larger.
export class RssSampler {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;

  constructor(everyMs = 25) {
    this.timer = setInterval(() => {
      try {
        const now = process.memoryUsage.rss();
        if (now > this.peak) this.peak = now;
      } catch {
        // EMFILE and the like (a crawler that exhausts file descriptors): ru_maxrss still counts.
      }
    }, everyMs);
    this.timer.unref();
  }

  /** Peak RSS in MB. */
  stop(): number {
    clearInterval(this.timer);
    const maxRss = process.resourceUsage().maxRSS * 1024; // kilobytes on Linux
    return Math.max(this.peak, maxRss) / (1024 * 1024);
  }
}

/** Bytes as whole megabytes, for printing. */
export const mb = (n: number) => (n / 1048576).toFixed(0);

/** With BENCH_TRACE set, prints this process's memory every second (stderr): where a peak comes from. */
export function traceMemory(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.BENCH_TRACE) return;
  setInterval(() => {
    const m = process.memoryUsage();
    process.stderr.write(`memory: rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB\n`);
  }, 1000).unref();
}
