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
