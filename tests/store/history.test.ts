// Two real runs against the fault server: between them one application dies and another recovers.
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/apps/inventory.ts';
import { checkApplications } from '../../src/apps/liveness.ts';
import { applicationRow } from '../../src/report/applications.ts';
import { makeGuardedLookup } from '../../src/crawl/address-guard.ts';
import { fetchUrl, type FetchSettings } from '../../src/crawl/fetcher.ts';
import { diffRuns } from '../../src/report/diff.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startFaultServer, TEST_CA, type FaultServer } from '../support/fault-server.ts';
import { DIALECTS, storeHarness } from './helpers.ts';

const NOW = new Date('2024-06-15T00:00:00Z');
let server: FaultServer;
let agent: Agent;
let store: Store;

async function runOnce(runId: string, started: Date) {
  const target = {
    id: 'contoh', portal: server.portalUrl,
    applications: [
      { name: 'SIMPEG', url: server.url('simpeg.fault.test') },
      { name: 'Sipandu', url: server.url('sipandu.fault.test') },
      { name: 'PPID', url: server.url('ppid.fault.test') },
      { name: 'E-Musrenbang', url: server.url('musrenbang.fault.test') },
    ],
  };
  const apps = await buildInventory(target);
  // No application here is slow: a short time limit only turned a loaded machine's late http_500
  // into a timeout (and the next run's answer into a change the test did not make).
  const settings: FetchSettings = {
    timeoutMs: 5000, retries: 1, maxBytes: 1 << 20, maxRedirects: 10, userAgent: 'egovscan-test',
    allowPrivate: true, resolve: { ...server.resolve }, onlyResolved: true,
  };
  const results = await checkApplications(apps, {
    portal: server.portalUrl, now: NOW,
    fetch: (url, kind) => fetchUrl(url, { options: settings, dispatcher: agent }, kind),
  });
  await store.beginRun(runId, { targets: 'test' }, started);
  await store.saveCity(runId, { cityId: 'contoh', cityName: 'Kota Contoh', portal: server.portalUrl, apps: results, scores: { criteria: { update: 50 }, total: 40, phase: 'interaction' } });
  const history = await store.appHistory(runId, 'contoh');
  await store.finishRun(runId, { apps: results.length });
  return new Map(results.map((r) => [r.name, applicationRow(runId, r, history.get(r.key))]));
}

beforeAll(async () => {
  server = await startFaultServer({ now: NOW });
  server.setBehaviour('simpeg.fault.test', 'healthy');
  server.setBehaviour('sipandu.fault.test', 'http_500');
  server.setBehaviour('ppid.fault.test', 'healthy');
  server.setBehaviour('musrenbang.fault.test', 'abandoned');
  const lookupSettings = { allowPrivate: true, resolve: { ...server.resolve }, onlyResolved: true };
  agent = new Agent({ connect: { ca: TEST_CA, lookup: makeGuardedLookup(lookupSettings) as never } });
});

afterAll(async () => {
  await agent?.close();
  await server?.close();
});

for (const dialect of DIALECTS) describe(`two runs: one application dies, another recovers (${dialect})`, () => {
  const h = storeHarness(dialect);
  beforeAll(async () => {
    await h.setup();
    const t = await h.fresh();
    store = await openStore(t.dir, { store: t.store });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await h.teardown();
  });

  let run1: Map<string, Record<string, unknown>>;
  let run2: Map<string, Record<string, unknown>>;
  const t1 = new Date('2024-06-01T02:00:00Z');
  const t2 = new Date('2024-06-08T02:00:00Z');

  beforeAll(async () => {
    server.setBehaviour('simpeg.fault.test', 'healthy');
    server.setBehaviour('sipandu.fault.test', 'http_500');
    run1 = await runOnce('run-1', t1);
    server.setBehaviour('simpeg.fault.test', 'http_404'); // dies
    server.setBehaviour('sipandu.fault.test', 'healthy'); // recovers
    run2 = await runOnce('run-2', t2);
  });

  it('run 1: statuses, no changes on the first run, failures counted', () => {
    expect(run1.get('SIMPEG')).toMatchObject({ status: 'active', changed: '', first_seen: t1.toISOString(), last_seen_alive: t1.toISOString(), failures_in_a_row: 0 });
    expect(run1.get('Sipandu')).toMatchObject({ status: 'inactive', reason: 'http_500', changed: '', last_seen_alive: '', failures_in_a_row: 1 });
    expect(run1.get('E-Musrenbang')).toMatchObject({ status: 'stale', reason: 'stale_content' });
  });

  it('run 2: exactly the two changes, with first_seen / last_seen_alive / failures_in_a_row', () => {
    const changed = [...run2.values()].filter((r) => r.changed !== '').map((r) => [r.app_name, r.changed]);
    expect(changed).toEqual([['SIMPEG', 'died'], ['Sipandu', 'recovered']]);
    expect(run2.get('SIMPEG')).toMatchObject({ status: 'inactive', reason: 'http_404', first_seen: t1.toISOString(), last_seen_alive: t1.toISOString(), failures_in_a_row: 1 });
    expect(run2.get('Sipandu')).toMatchObject({ status: 'active', first_seen: t1.toISOString(), last_seen_alive: t2.toISOString(), failures_in_a_row: 0 });
    expect(run2.get('PPID')).toMatchObject({ status: 'active', changed: '', last_seen_alive: t2.toISOString() });
  });

  it('diffRuns reports exactly those two application changes', async () => {
    const d = await diffRuns(store, 'run-1', 'run-2');
    const apps = d.rows.filter((r) => r.kind === 'app').map((r) => [r.item, r.change, r.before, r.after]);
    expect(apps).toEqual([
      [server.url('simpeg.fault.test'), 'died', 'active ok', 'inactive http_404'],
      [server.url('sipandu.fault.test'), 'recovered', 'inactive http_500', 'active ok'],
    ]);
    expect(d.rows.filter((r) => r.kind !== 'app')).toEqual([]);
  });

  it('an unfinished run in between is ignored by history', async () => {
    server.setBehaviour('simpeg.fault.test', 'healthy');
    // run-3 starts and is never finished (killed): SIMPEG looked alive there.
    await store.beginRun('run-3', {}, new Date('2024-06-09T02:00:00Z'));
    await store.saveCity('run-3', { cityId: 'contoh', apps: [{ ...(await store.apps('run-2', 'contoh')).map(toResult).find((a) => a.name === 'SIMPEG')!, status: 'active', reason: 'ok' }] });
    await store.beginRun('run-4', {}, new Date('2024-06-15T02:00:00Z'));
    const dead = (await store.apps('run-2', 'contoh')).map(toResult).find((a) => a.name === 'SIMPEG')!;
    await store.saveCity('run-4', { cityId: 'contoh', apps: [dead] });
    const hist = (await store.appHistory('run-4', 'contoh')).get(dead.key)!;
    // Compared with run-2 (finished, dead) and not run-3: no change, and the streak is 2.
    expect(hist).toEqual({ firstSeen: t1.toISOString(), lastSeenAlive: t1.toISOString(), changed: '', failuresInARow: 2 });
    expect((await store.listRuns()).map((r) => [r.runId, r.status])).toEqual([
      ['run-1', 'finished'], ['run-2', 'finished'], ['run-3', 'unfinished'], ['run-4', 'unfinished'],
    ]);
  });
});

function toResult(a: Awaited<ReturnType<Store['apps']>>[number]) {
  return { ...a, cityId: a.cityId, category: a.category as 'G2C', source: a.source as 'targets', status: a.status as 'active', foundOn: a.foundOn || undefined };
}
