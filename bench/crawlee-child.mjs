// Crawls the workload with Crawlee's CheerioCrawler (plain Node, no tsx, storage in memory) and
// checks every http(s) link it finds: pages of the portal are followed, other targets (documents,
// other hosts) are fetched once and not followed. A target whose request failed (an HTTP error,
// a timeout, a refused connection, a redirect loop) is dead. Robots.txt is obeyed, as egovscan does.
// Usage: node bench/crawlee-child.mjs '<json {origin, concurrency}>'; prints `RESULT <json>`.
import { CheerioCrawler, Configuration } from '@crawlee/cheerio';

const job = JSON.parse(process.argv[2]);
const origin = new URL(job.origin).origin;
const dead = new Set();
const ok = new Set();
const config = new Configuration({ persistStorage: false, logLevel: 1 });
const crawler = new CheerioCrawler(
  {
    minConcurrency: job.concurrency,
    maxConcurrency: job.concurrency,
    respectRobotsTxtFile: true,
    additionalMimeTypes: ['application/pdf', 'application/octet-stream', 'image/png', 'image/jpeg', 'text/css', 'application/javascript', 'text/plain'],
    async requestHandler({ request, response, $ }) {
      if (response.statusCode >= 400) {
        dead.add(request.url);
        return;
      }
      ok.add(request.url);
      if (!request.userData.follow || !$ || typeof $ !== 'function') return;
      const found = [];
      $('a[href]').each((_, el) => {
        const href = $(el).attr('href');
        let u;
        try {
          u = new URL(href, request.loadedUrl ?? request.url);
        } catch {
          return;
        }
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
        u.hash = '';
        found.push({ url: u.href, userData: { follow: u.origin === origin && !/\.(pdf|docx?|xlsx?|zip)$/i.test(u.pathname) } });
      });
      if (found.length) await crawler.addRequests(found);
    },
    failedRequestHandler({ request }) {
      dead.add(request.url);
    },
  },
  config,
);
await crawler.run([{ url: job.origin, userData: { follow: true } }]);
process.stdout.write(`RESULT ${JSON.stringify({ dead: [...dead], ok: ok.size })}\n`);
