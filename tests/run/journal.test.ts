// The journal is the crawl's write-ahead log and where the pages' facts live after the crawl.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, journalEntries, type JournalEntry } from '../../src/run/journal.ts';
import type { PageEntry } from '../../src/gather/city-facts.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'egovscan-journal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const page = (url: string, title = 'Beranda'): JournalEntry => {
  const record: PageEntry = {
    url, finalUrl: url, depth: 0, status: 200, reason: 'ok', contentType: 'text/html', bytes: 10, kind: 'page', rendered: false,
    facts: { meta: { title, og: {} }, headings: [], links: [], forms: [], documents: [], dates: [], textLength: 0, text: '', images: { total: 0, withoutAlt: 0 }, flags: [] },
  };
  return { t: 'page', record, links: [] };
};

async function all(file: string): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for await (const e of journalEntries(file)) out.push(e);
  return out;
}

describe('journal', () => {
  it('reads back what was written, in order, and can be read again', async () => {
    const file = join(dir, 'journal', 'kota.jsonl');
    const j = await Journal.open(file);
    for (let i = 0; i < 2000; i++) await j.write(page(`https://kota.go.id/berita/${i}`, `Berita ${i} ${'x'.repeat(2000)}`));
    await j.close();
    const first = await all(file);
    expect(first).toHaveLength(2000);
    expect(first.map((e) => (e.t === 'page' ? e.record.url : '')).slice(0, 3)).toEqual(['https://kota.go.id/berita/0', 'https://kota.go.id/berita/1', 'https://kota.go.id/berita/2']);
    expect((await all(file)).length).toBe(2000);
  });

  it('has no entries when there is no journal yet', async () => {
    expect(await all(join(dir, 'missing.jsonl'))).toEqual([]);
  });

  it('after a torn last line (a run killed mid-write), the next entry is not lost with it', async () => {
    const file = join(dir, 'kota.jsonl');
    await writeFile(file, `${JSON.stringify(page('https://kota.go.id/'))}\n`);
    await appendFile(file, JSON.stringify(page('https://kota.go.id/profil')).slice(0, 40));
    const j = await Journal.open(file);
    await j.write(page('https://kota.go.id/layanan'));
    await j.close();
    const urls = (await all(file)).map((e) => (e.t === 'page' ? e.record.url : ''));
    expect(urls).toEqual(['https://kota.go.id/', 'https://kota.go.id/layanan']);
    expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('reads lines longer than its read buffer, and with `only` yields just that kind of entry', async () => {
    const file = join(dir, 'kota.jsonl');
    const j = await Journal.open(file);
    await j.write(page('https://kota.go.id/', `Beranda ${'é'.repeat(1_500_000)}`));
    await j.write({ t: 'answer', url: 'https://kota.go.id/hilang', outcome: { status: 'broken', reason: 'http_404', httpStatus: 404 } });
    await j.write(page('https://kota.go.id/profil', 'Profil ✓'));
    await j.close();
    const every = await all(file);
    expect(every.map((e) => e.t)).toEqual(['page', 'answer', 'page']);
    const first = every[0]!;
    expect(first.t === 'page' && first.record.facts?.meta.title.length).toBe(1_500_008);
    const pages: string[] = [];
    for await (const e of journalEntries(file, 'page')) pages.push(e.t === 'page' ? (e.record.facts?.meta.title ?? '').slice(0, 8) : e.t);
    expect(pages).toEqual(['Beranda ', 'Profil ✓']);
  });

  it('writes a page whose facts come already encoded exactly as it writes the whole entry', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const entry = page('https://kota.go.id/berita/1', 'Berita “satu” … ✓');
    if (entry.t !== 'page') throw new Error('a page entry');
    const withMore: JournalEntry = { ...entry, order: 7, req: 'https://kota.go.id/b/1', fp: 'abc' };
    const ja = await Journal.open(a);
    await ja.write(withMore);
    await ja.write(entry);
    await ja.close();
    const jb = await Journal.open(b);
    const facts = entry.record.facts!;
    await jb.write(withMore, new TextEncoder().encode(JSON.stringify(facts)));
    await jb.write(entry, new TextEncoder().encode(JSON.stringify(facts)));
    await jb.close();
    expect(await readFile(b, 'utf8')).toBe(await readFile(a, 'utf8'));
    expect((await all(b)).map((e) => e.t === 'page' && e.record.facts?.meta.title)).toEqual(['Berita “satu” … ✓', 'Berita “satu” … ✓']);
  });
});
