// Runs egovscan over a folder of saved real portals (one sub-folder per site, HTML files as saved)
// and prints a table for a person to read and label: phase, why, criterion scores, flags.
//
//   node bin/run-ts.js scripts/realpages.ts <folder> [--render never|auto] [--keep]
//
// Each site is served on 127.0.0.1 under a host name of its own; every saved HTML file is listed in
// a generated sitemap.xml, because a saved corpus rarely keeps every page that links to another.
// This is a tool for reading, never a test: the folder is not part of the project.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { spawn } from 'node:child_process';
import { readCsvFile } from '../src/report/read-run.ts';

const ENTRY_NAMES = ['index.html', 'home.html', 'template.html'];

async function htmlFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlFiles(p, base)));
    else if (extname(e.name) === '.html') out.push(relative(base, p).split(sep).join('/'));
  }
  return out.sort();
}

/** `/a/b` → `a/b.html` or `a/b/index.html`; `/` → the site's entry page. */
function fileFor(files: Set<string>, entry: string, path: string): string | undefined {
  const p = decodeURIComponent(path.split('?')[0]!).replace(/^\/+|\/+$/g, '');
  if (p === '') return entry;
  for (const c of [p, `${p}.html`, `${p}/index.html`]) if (files.has(c)) return c;
  return undefined;
}

function urlFor(file: string, entry: string): string {
  if (file === entry) return '/';
  return `/${file.replace(/(\/index)?\.html$/, '')}`;
}

interface Site {
  id: string;
  host: string;
  dir: string;
  files: Set<string>;
  entry: string;
}

function serve(sites: Map<string, Site>): Promise<{ server: Server; port: number }> {
  const server = createServer(async (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]!;
    const site = sites.get(host);
    const path = req.url ?? '/';
    if (!site) return void res.writeHead(404).end();
    if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (path === '/sitemap.xml') {
      const urls = [...site.files].map((f) => `<url><loc>http://${req.headers.host}${urlFor(f, site.entry)}</loc></url>`);
      return void res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>`);
    }
    const file = fileFor(site.files, site.entry, path);
    if (!file) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404 Not Found</h1>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await readFile(join(site.dir, file)));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, port: (server.address() as { port: number }).port })));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  if (!folder) {
    console.error('usage: realpages.ts <folder> [--render never|auto] [--keep]');
    process.exit(2);
  }
  const render = args.includes('--render') ? args[args.indexOf('--render') + 1]! : 'auto';
  const sites = new Map<string, Site>();
  for (const e of await readdir(resolve(folder), { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const dir = resolve(folder, e.name);
    const files = await htmlFiles(dir);
    if (files.length === 0) continue;
    const entry = ENTRY_NAMES.find((n) => files.includes(n)) ?? files[0]!;
    const host = `${e.name}.realpages.test`;
    sites.set(host, { id: e.name, host, dir, files: new Set(files), entry });
  }
  const { server, port } = await serve(sites);
  const work = await mkdtemp(join(tmpdir(), 'egovscan-realpages-'));
  try {
    const targets = {
      targets: [...sites.values()].map((s) => ({ id: s.id, name: s.id, portal: `http://${s.host}:${port}/` })),
    };
    const targetsFile = join(work, 'targets.json');
    await writeFile(targetsFile, JSON.stringify(targets));
    const cli = resolve(import.meta.dirname, '..', 'bin', 'egovscan.js');
    const resolveArgs = [...sites.keys()].flatMap((h) => ['--resolve', `${h}=127.0.0.1`]);
    // Asynchronous: this process serves the pages while the crawl runs.
    const child = spawn(
      process.execPath,
      [cli, 'crawl', '--targets', targetsFile, '--out', join(work, 'out'), '--run-id', 'realpages', '--allow-private',
        '--resolve-only', '--no-check-external', '--delay-ms', '0', '--render', render, ...resolveArgs],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const status = await new Promise<number | null>((ok) => child.on('exit', ok));
    if (status !== 0 && status !== 1) process.exitCode = status ?? 1;
    const run = join(work, 'out', 'realpages');
    if (!(await stat(join(run, 'cities.csv')).catch(() => null))) return;
    const cities = (await readCsvFile(join(run, 'cities.csv')))?.rows ?? [];
    const criteria = (await readCsvFile(join(run, 'criteria.csv')))?.rows ?? [];
    for (const c of cities) {
      const met = criteria.filter((r) => r.city_id === c.city_id && r.met === 'true').map((r) => r.indicator);
      console.log(`\n${c.city_id}: phase ${c.phase} · total ${c.score_total} · pages ${c.pages_crawled} · flagged ${c.flagged_pages ?? ''}`);
      console.log(`  reason: ${c.phase_reason}`);
      console.log(`  met: ${met.join(', ')}`);
    }
    if (args.includes('--keep')) console.log(`\nrun kept in ${run}`);
  } finally {
    server.close();
    if (!args.includes('--keep')) await rm(work, { recursive: true, force: true });
  }
}

await main();
