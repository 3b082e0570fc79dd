// --wacz: the run's WARCs packaged as WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/), which
// ReplayWeb.page opens: archive/*.warc.gz stored as they are, indexes/index.cdx (CDXJ, sorted),
// pages/pages.jsonl (the HTML pages the crawl read), datapackage.json with each file's sha256, and
// datapackage-digest.json with the hash of the datapackage.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CDXIndexer } from 'warcio';
import yazl from 'yazl';
import { VERSION } from '../crawl/options.ts';
import { RECORDS_FILE, type RecordLocation } from './writer.ts';

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return `sha256:${h.digest('hex')}`;
}

const sha256 = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** CDXJ lines of the WARC files, sorted (SURT url key, then timestamp), as a standard indexer writes them. */
export async function cdxjLines(warcDir: string, files: string[]): Promise<string[]> {
  const indexer = new CDXIndexer({ format: 'cdxj' });
  const lines: string[] = [];
  for await (const entry of indexer.iterIndex(files.map((f) => ({ filename: f, reader: createReadStream(join(warcDir, f)) })))) {
    lines.push(indexer.serialize(entry as Record<string, unknown>).trimEnd());
  }
  return lines.sort();
}

/** The HTML pages the crawl read (first capture of each), for pages.jsonl. */
async function pageList(warcDir: string): Promise<Array<{ url: string; ts: string }>> {
  const text = await readFile(join(warcDir, RECORDS_FILE), 'utf8').catch(() => '');
  const seen = new Set<string>();
  const out: Array<{ url: string; ts: string }> = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let loc: RecordLocation;
    try {
      loc = JSON.parse(line) as RecordLocation;
    } catch {
      continue;
    }
    if (loc.type !== 'response' || loc.kind !== 'page' || loc.method !== 'GET' || (loc.status ?? 0) >= 300 || seen.has(loc.url)) continue;
    seen.add(loc.url);
    out.push({ url: loc.url, ts: loc.date });
  }
  return out;
}

export async function writeWacz(runDir: string, opts: { title: string; log?: (line: string) => void }): Promise<string | undefined> {
  const warcDir = join(runDir, 'warc');
  const files = (await readdir(warcDir).catch(() => [] as string[])).filter((f) => f.endsWith('.warc.gz')).sort();
  if (files.length === 0) return undefined;
  const index = `${(await cdxjLines(warcDir, files)).join('\n')}\n`;
  const pages = await pageList(warcDir);
  const pagesJsonl = [JSON.stringify({ format: 'json-pages-1.0', id: 'pages', title: 'All Pages' }), ...pages.map((p) => JSON.stringify(p))].join('\n') + '\n';

  const resources: Array<{ name: string; path: string; hash: string; bytes: number }> = [];
  for (const f of files) {
    const full = join(warcDir, f);
    resources.push({ name: f, path: `archive/${f}`, hash: await sha256File(full), bytes: (await stat(full)).size });
  }
  resources.push({ name: 'index.cdx', path: 'indexes/index.cdx', hash: sha256(index), bytes: Buffer.byteLength(index) });
  resources.push({ name: 'pages.jsonl', path: 'pages/pages.jsonl', hash: sha256(pagesJsonl), bytes: Buffer.byteLength(pagesJsonl) });
  const datapackage = JSON.stringify(
    {
      profile: 'data-package',
      wacz_version: '1.1.1',
      title: opts.title,
      created: new Date().toISOString(),
      software: `egovscan/${VERSION}`,
      ...(pages[0] ? { mainPageUrl: pages[0].url, mainPageDate: pages[0].ts } : {}),
      resources,
    },
    null,
    2,
  );
  const digest = JSON.stringify({ path: 'datapackage.json', hash: sha256(datapackage), signedData: undefined }, null, 2);

  const zip = new yazl.ZipFile();
  // The WARCs are gzip already: stored, so that a reader can seek into them by offset.
  for (const f of files) zip.addFile(join(warcDir, f), `archive/${f}`, { compress: false });
  zip.addBuffer(Buffer.from(index), 'indexes/index.cdx');
  zip.addBuffer(Buffer.from(pagesJsonl), 'pages/pages.jsonl');
  zip.addBuffer(Buffer.from(datapackage), 'datapackage.json');
  zip.addBuffer(Buffer.from(digest), 'datapackage-digest.json');
  zip.end();
  const out = join(runDir, `${basename(runDir)}.wacz`);
  // Written beside and renamed: a half-written package is never taken for a whole one.
  await pipeline(zip.outputStream, createWriteStream(`${out}.part`));
  await rename(`${out}.part`, out);
  opts.log?.(`egovscan: WACZ written to ${out}`);
  return out;
}
