// Crawls a site with linkinator's programmatic API (recurse), plain Node. Usage:
// node bench/linkinator-child.mjs '<json {origin, concurrency}>'; prints `RESULT <json>`.
import { LinkChecker, LinkState } from 'linkinator';

const job = JSON.parse(process.argv[2]);
const checker = new LinkChecker();
const t0 = performance.now();
let result;
try {
  result = await checker.check({ path: job.origin.endsWith('/') ? job.origin : `${job.origin}/`, recurse: true, concurrency: job.concurrency });
} catch (err) {
  process.stdout.write(`RESULT ${JSON.stringify({ error: String(err), ms: performance.now() - t0 })}\n`);
  process.exit(0);
}
const ms = performance.now() - t0;
const checked = new Set();
const broken = new Set();
const ok = new Set();
for (const link of result.links) {
  if (link.state === LinkState.SKIPPED) continue;
  checked.add(link.url);
  if (link.state === LinkState.OK && link.status === 200) ok.add(link.url);
  if (link.state === LinkState.BROKEN) broken.add(link.url);
}
process.stdout.write(`RESULT ${JSON.stringify({ ms, ok: [...ok], linksChecked: checked.size, broken: [...broken] })}\n`);
