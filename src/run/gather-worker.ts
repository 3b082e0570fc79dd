// A gather worker: parses and reads pages off the main thread, which meanwhile fetches, keeps the
// frontier and writes the journal.
import { parentPort } from 'node:worker_threads';
import { analysePage, type AnalyseRequest } from './analyse-page.ts';
import { factsFingerprint } from './facts-fingerprint.ts';
import { encodeFacts } from './facts-json.ts';

parentPort!.on('message', (msg: { id: number; req: AnalyseRequest }) => {
  try {
    const facts = analysePage(msg.req);
    // The trap guards' fingerprint is hashed here too: one less pass over every page's text on the
    // main thread, which fetches, commits and journals for the whole crawl.
    // ... and the facts' JSON for the journal, handed over without a copy.
    const json = encodeFacts(facts);
    parentPort!.postMessage({ id: msg.id, facts, fp: factsFingerprint(facts), json }, json ? [json.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});

// Loaded (through tsx, from the sources, that takes a second or more): the pool starts page budgets
// only from here, so that a worker's start is not counted against its first page.
parentPort!.postMessage({ ready: true });
