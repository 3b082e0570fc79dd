// Micro-benchmark of the gather stage alone: time per page and memory kept per page's facts, with
// parse5 (cheerio's default) or htmlparser2 (what gatherPage uses).
// node --expose-gc bin/run-ts.js bench/gather-memory.ts [p5|h2] [pages]
import { load } from 'cheerio';
import { gatherFromDom } from '../src/gather/gather.ts';
import { makeSite } from './site.ts';

const mode = process.argv[2] === 'p5' ? 'p5' : 'h2';
const n = Number(process.argv[3] ?? 5000);
const site = makeSite({ pages: n, origin: 'http://127.0.0.1:8000', externalOrigin: 'http://127.0.0.1:8001' });
const now = new Date();
const gc = (globalThis as { gc?: () => void }).gc;
const parse = (html: string) => (mode === 'h2' ? load(html, { xml: { xmlMode: false, decodeEntities: true } }) : load(html));
// Warm up the JIT on a tenth of the pages.
for (let i = 0; i < n / 10; i++) gatherFromDom(parse(site.html(i)), { url: `http://127.0.0.1:8000${site.path(i)}`, isInternal: (u) => u.port === '8000', now });
const keep: unknown[] = [];
gc?.();
const h0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
for (let i = 0; i < n; i++) {
  keep.push(gatherFromDom(parse(site.html(i)), { url: `http://127.0.0.1:8000${site.path(i)}`, isInternal: (u) => u.port === '8000', now }));
}
const t1 = performance.now();
gc?.();
const t2 = performance.now();
for (let i = 0; i < n; i++) parse(site.html(i));
const t3 = performance.now();
console.log(
  `${mode}: gather ${((t1 - t0) / n).toFixed(3)} ms/page (parse alone ${((t3 - t2) / n).toFixed(3)} ms), ` +
    `facts kept ${gc ? ((process.memoryUsage().heapUsed - h0) / n / 1024).toFixed(1) : '?'} KB/page (JSON ${(JSON.stringify(keep).length / n / 1024).toFixed(1)} KB/page), ` +
    `HTML ${(site.html(100).length / 1024).toFixed(1)} KB/page`,
);
