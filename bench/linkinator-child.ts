// Crawls the benchmark portal with linkinator's programmatic API (recurse), in a process of its own
// so that its peak RSS is its own. Usage: linkinator-child.ts <json job>; prints `RESULT <json>`.
import { LinkChecker, LinkState } from 'linkinator';
import { RssSampler } from './rss.ts';

const job = JSON.parse(process.argv[2]!) as { origin: string; concurrency: number };
const rss = new RssSampler();
const checker = new LinkChecker();
let pages = 0;
checker.on('pagestart', () => pages++);
const t0 = performance.now();
let result: Awaited<ReturnType<LinkChecker['check']>>;
try {
  result = await checker.check({
    path: `${job.origin}/`,
    recurse: true,
    concurrency: job.concurrency,
  });
} catch (err) {
  process.stdout.write(`RESULT ${JSON.stringify({ error: String(err), ms: performance.now() - t0, peakRssMb: rss.stop() })}\n`);
  process.exit(0);
}
const ms = performance.now() - t0;
const peak = rss.stop();
const checked = new Set<string>();
const broken = new Set<string>();
const ok = new Set<string>();
for (const link of result.links) {
  if (link.state === LinkState.SKIPPED) continue;
  checked.add(link.url);
  if (link.state === LinkState.OK && link.status === 200) ok.add(link.url);
  if (link.state === LinkState.BROKEN) broken.add(link.url);
}
process.stdout.write(`RESULT ${JSON.stringify({ ms, pagestart: pages, ok: [...ok], linksChecked: checked.size, broken: [...broken], peakRssMb: peak })}\n`);
