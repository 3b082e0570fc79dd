// The two example portals built like real ones (issue 12 item 8), crawled over loopback and judged
// as a careful human coder judges them. Kabupaten Lembah Hijau is the long, cluttered regency front
// page: its two-way channels are a search form sent with POST and an e-mail written at the end of a
// long footer, and its mega menu of agency names is no tourism, investment or service offer. Kota
// Pantai Emas is a compromised but otherwise real city portal: injected hidden gambling links on
// every page, a hijacked title and a doorway, under which the city's own presence content still
// counts.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApplications } from '../../src/apps/liveness.ts';
import { startInventory } from '../../src/apps/inventory.ts';
import type { DnsLookup } from '../../src/crawl/address-guard.ts';
import { createHttpPool } from '../../src/crawl/index.ts';
import { crawlCity } from '../../src/run/crawl-city.ts';
import { makeSettings } from '../../src/run/settings.ts';
import type { Target } from '../../src/config/targets.ts';
import { startPortalServer, type PortalServer } from '../../src/demo/portal-server.ts';
import { DEMO_NOW, type DemoCity } from '../../src/demo/site.ts';
import { fromServed } from '../../src/demo/ground-truth.ts';
import type { CityFacts } from '../../src/gather/city-facts.ts';
import { evaluateCity, loadRubric, type CityEvaluation } from '../../src/score/index.ts';
import { say } from '../support/say.ts';

const IDS = ['lembahhijau', 'pantaiemas'] as const;
let server: PortalServer;
let journals: string;
const crawled = new Map<string, { city: DemoCity; target: Target; facts: CityFacts; evaluation: CityEvaluation }>();

beforeAll(async () => {
  journals = await mkdtemp(join(tmpdir(), 'egovscan-realstruct-'));
  const rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
  server = await startPortalServer();
  for (const id of IDS) {
    const target = server.targets().find((t) => t.id === id)! as Target;
    const settings = makeSettings({
      out: journals,
      runId: 'realstruct',
      render: 'never',
      now: DEMO_NOW,
      crawl: { resolve: server.resolve, onlyResolved: true, allowPrivate: true, delayMs: 0, perHost: 4, concurrency: 8, checkExternal: false, retries: 1 },
    });
    const pool = createHttpPool(settings.crawl);
    try {
      const facts = (await crawlCity(target, settings, journals, pool, DEMO_NOW, undefined, undefined)).facts;
      crawled.set(id, { city: server.cities.find((c) => c.id === id)!, target, facts, evaluation: await evaluateCity(rubric, facts) });
    } finally {
      await pool.close();
    }
  }
  for (const [id, c] of crawled) say(`${id}: ${c.evaluation.phase} — ${c.evaluation.phaseReason}`);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (journals) await rm(journals, { recursive: true, force: true });
});

function indicator(id: (typeof IDS)[number], indicatorId: string) {
  const found = crawled.get(id)!.evaluation.indicators.find((i) => i.id === indicatorId);
  if (!found) throw new Error(`no indicator ${indicatorId}`);
  return found;
}
const evidenceText = (id: (typeof IDS)[number], indicatorId: string) => indicator(id, indicatorId).evidence.map((e) => e.text).join('\n');
/** Evidence URLs as the portal names them (without the loopback server's port). */
const evidenceUrls = (id: (typeof IDS)[number], indicatorId: string) => indicator(id, indicatorId).evidence.map((e) => fromServed(e.url));

describe('Kabupaten Lembah Hijau: a long, cluttered regency front page', () => {
  const HOME = 'http://www.lembahhijaukab.go.id/';

  it('is built like the real ones: 60 kB+, over a hundred headings, contacts only after 30 kB', () => {
    const city = crawled.get('lembahhijau')!.city;
    const html = readFileSync(join(city.dir, 'www.lembahhijaukab.go.id', 'index.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeGreaterThan(60_000);
    const $ = cheerio.load(html);
    expect($('h1, h2, h3, h4, h5, h6').length).toBeGreaterThan(120);
    expect($('nav a[href*="perangkat-daerah/#"]').length).toBeGreaterThanOrEqual(40);
    // The only e-mail, WhatsApp and telephone of the regency: at the end of the footer, on every page.
    expect(Buffer.byteLength(html.slice(0, html.indexOf('humas@lembahhijaukab.go.id')))).toBeGreaterThan(30_000);
    expect(html.match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g)).toEqual(['humas@lembahhijaukab.go.id']);
    expect($('a[href^="mailto:"], a[href^="tel:"], a[href*="wa.me"]').length).toBe(0);
    // Image-only link cards: the link's text is an <img> and nothing else.
    const cards = $('.app-card a');
    expect(cards.length).toBeGreaterThanOrEqual(5);
    cards.each((_i, a) => expect($(a).text().trim()).toBe(''));
    expect($('form[method="post"] input[name="kata_kunci"]').length).toBe(1);
  });

  it('is at interaction, from its POST site search and the e-mail in its footer', () => {
    const e = crawled.get('lembahhijau')!.evaluation;
    expect(e.phase).toBe('interaction');
    expect(e.phaseReason).toMatch(/^interaction: .*e-mail, WhatsApp or chat contact.*site search/);
    // Nothing that would make it a transaction portal.
    for (const id of ['s_citizen_login', 's_online_application', 's_tracking', 'ek_online_payment']) expect(indicator('lembahhijau', id).met, id).toBe(false);
  });

  it('finds the POST search form on the front page (d_search)', () => {
    expect(indicator('lembahhijau', 'd_search').met).toBe(true);
    expect(evidenceUrls('lembahhijau', 'd_search')).toContain(HOME);
  });

  it('reads the footer contacts written after 30 kB of page (a_online_contact, a_channels)', () => {
    expect(indicator('lembahhijau', 'a_online_contact').met).toBe(true);
    expect(evidenceText('lembahhijau', 'a_online_contact')).toContain('humas@lembahhijaukab.go.id');
    expect(indicator('lembahhijau', 'a_channels').met).toBe(true);
    expect(evidenceText('lembahhijau', 'a_channels')).toContain('email: humas@lembahhijaukab.go.id');
  });

  it('credits the development plans (RPJMD, RKPD) and the JDIH on its joined host', () => {
    expect(indicator('lembahhijau', 't_planning').met).toBe(true);
    expect(evidenceText('lembahhijau', 't_planning')).toMatch(/RPJMD|RKPD/);
    expect(indicator('lembahhijau', 't_legal').met).toBe(true);
    expect(evidenceText('lembahhijau', 't_legal')).toContain('jdihlembahhijaukab.go.id');
  });

  it('does not read agency names as tourism, investment, local-tax or SME information', () => {
    // The menu names "Dinas Pariwisata", "Dinas Penanaman Modal dan PTSP", "Badan Pengelola Pajak dan
    // Retribusi Daerah" and "Dinas Koperasi, Usaha Kecil dan Menengah"; the portal has no tourism,
    // investment, tax or SME content of its own.
    for (const id of ['ek_tourism', 'ek_investment', 'ek_smes', 'ek_local_revenue']) {
      expect(indicator('lembahhijau', id).met, id).toBe(false);
      expect(indicator('lembahhijau', id).points ?? 0, id).toBe(0);
    }
  });

  it('does not take the questionnaire or the agency names for a list of services (s_catalog)', () => {
    const s = indicator('lembahhijau', 's_catalog');
    expect(s.met).toBe(false);
    expect(evidenceText('lembahhijau', 's_catalog')).not.toMatch(/kuesioner|dinas|badan/i);
  });

  it('does not take the translation widget\'s "About" for the profile (t_profile)', () => {
    expect(indicator('lembahhijau', 't_profile').met).toBe(true);
    expect(evidenceText('lembahhijau', 't_profile')).not.toMatch(/translate|about/i);
  });

  it('dates the news from the articles, never from the future agenda or a year-less date alone', () => {
    const fresh = indicator('lembahhijau', 'u_fresh_30');
    expect(fresh.met).toBe(true);
    // The newest news item is Friday 20 November 2026; the agenda runs to January 2027.
    expect(evidenceText('lembahhijau', 'u_fresh_30')).toMatch(/^2026-11-20\b/);
    expect(crawled.get('lembahhijau')!.facts.pages.every((p) => !p.newestDate || p.newestDate <= '2026-11-23')).toBe(true);
  });

  it('reaches the liveness verdicts site.yaml expects for its applications', async () => {
    const { city, target } = crawled.get('lembahhijau')!;
    const apps = startInventory(target).finish();
    expect(apps.length).toBe(city.applications.length);
    // Names the server does not serve fail as a lapsed domain does; no real DNS is ever asked.
    const dnsLookup: DnsLookup = (host, _o, cb) => {
      setImmediate(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []));
    };
    const pool = createHttpPool({ allowPrivate: true, resolve: { ...server.resolve }, dnsLookup, timeoutMs: 2000, retries: 0, delayMs: 0 });
    try {
      const results = await checkApplications(apps, { portal: target.portal, pool, now: DEMO_NOW });
      const got = results.map((r) => ({ name: r.name, status: r.status, ...(r.status === 'inactive' ? { reason: r.reason } : {}) }));
      const want = city.applications.map((a) => ({ name: a.name, status: a.expect, ...(a.reason ? { reason: a.reason } : {}) }));
      expect(got).toEqual(want);
    } finally {
      await pool.close();
    }
  });
});

describe('Kota Pantai Emas: a compromised but otherwise real city portal', () => {
  const DOORWAY = 'http://www.pantaiemaskota.go.id/assets/slot-gacor/';
  const HIJACKED = 'http://www.pantaiemaskota.go.id/profil/sejarah/';
  const flagsOf = () => new Map(crawled.get('pantaiemas')!.facts.pages.map((p) => [fromServed(p.url), (p.flags ?? []).join(' ')]));

  it('is built like the real kits: a hidden block of about fifty gambling anchors after </html> on every page', () => {
    const city = crawled.get('pantaiemas')!.city;
    const home = readFileSync(join(city.dir, 'www.pantaiemaskota.go.id', 'index.html'), 'utf8');
    const tail = home.slice(home.indexOf('</html>'));
    expect(tail).toMatch(/^<\/html>\s*<div style="display:none;">/);
    const anchors = [...tail.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => new URL(m[1]!).hostname);
    expect(anchors.length).toBeGreaterThanOrEqual(45);
    expect(anchors.some((h) => h.endsWith('.go.id') && !h.endsWith('pantaiemaskota.go.id'))).toBe(true);
    expect(anchors.some((h) => h.endsWith('.ac.id'))).toBe(true);
    expect(tail).toContain(`href="${DOORWAY}"`);
    // No e-mail, form or search: only an address and a telephone number.
    expect(home).not.toMatch(/@|<form|mailto:|wa\.me/);
  });

  it('stays at presence and names the compromise in phase_reason', () => {
    const e = crawled.get('pantaiemas')!.evaluation;
    expect(e.phase).toBe('presence');
    expect(e.phaseReason).toMatch(/compromised: 13 pages with injected gambling links, judged without them/);
    expect(e.phaseReason).toMatch(/1 spam or defaced page not judged \(e\.g\. [^)]*\/assets\/slot-gacor\/\)/);
    expect(e.total).toBeGreaterThan(0);
  });

  it('flags every carrier page gambling_spam and the doorway gambling_spam spam_page, as site.yaml lists them', () => {
    const flags = flagsOf();
    expect(flags.get(DOORWAY)).toBe('gambling_spam spam_page');
    // The hijacked title sits over the city's own history page: injected, not a spam page.
    expect(flags.get(HIJACKED)).toBe('gambling_spam');
    expect(flags.get('http://www.pantaiemaskota.go.id/')).toBe('gambling_spam');
    const flagged = [...flags].filter(([, f]) => f !== '').map(([url, flag]) => ({ url, flag })).sort((a, b) => a.url.localeCompare(b.url));
    expect(flagged).toEqual([...crawled.get('pantaiemas')!.city.flagged].sort((a, b) => a.url.localeCompare(b.url)));
    // The kecamatan sub-site is not compromised.
    expect(flags.get('http://pantaitimur.pantaiemaskota.go.id/')).toBe('');
  });

  it('still credits the city its own profile, news and freshness, from its own pages', () => {
    for (const id of ['t_gov_information', 't_profile', 'u_news_section', 'u_fresh_30', 'u_regular']) {
      expect(indicator('pantaiemas', id).met, id).toBe(true);
      for (const url of evidenceUrls('pantaiemas', id)) expect(url, id).not.toContain('/assets/slot-gacor/');
    }
    expect(evidenceText('pantaiemas', 'u_fresh_30')).toMatch(/^2026-11-19\b/);
  });

  it('gives no credit to anything the attacker injected', () => {
    for (const i of crawled.get('pantaiemas')!.evaluation.indicators) {
      for (const ev of i.evidence) expect(`${ev.url} ${ev.text}`, i.id).not.toMatch(/slot|gacor|togel|toto|maxwin|\.ac\.id|sungaiteduhkab/i);
    }
  });

  it('has no two-way channel of its own: no e-mail, form, search, survey or LAPOR!', () => {
    for (const id of ['a_online_contact', 'a_complaint_form', 'd_search', 'a_survey', 'a_lapor', 's_forms_download']) expect(indicator('pantaiemas', id).met, id).toBe(false);
    expect(evidenceText('pantaiemas', 'a_channels')).toContain('phone: (0431) 862310');
  });
});
