import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../../src/report/csv.ts';
import {
  CRITERIA_COLUMNS,
  cityScoreCells,
  criteriaRows,
  evaluateCity,
  loadRubric,
  parseRubric,
  scoreColumns,
  summaryTable,
  type Rubric,
} from '../../src/score/index.ts';
import { cityFromHtml, FIXTURE_PORTAL, type HtmlPage } from '../indicators/helpers.ts';

const kw = (word: string) => ({ kind: 'keywords', in: ['link_text'], any: [word] });
const tiny = parseRubric(
  {
    id: 'tiny',
    name: 'Tiny',
    description: 'test rubric',
    source: 'tests',
    criteria: [
      { id: 'a', name: { id: 'A', en: 'A' }, description: 'a', weight: 3 },
      { id: 'b', name: { id: 'B', en: 'B' }, description: 'b', weight: 1 },
      { id: 'c', name: { id: 'C', en: 'C' }, description: 'c', weight: 1 },
    ],
    indicators: [
      { id: 'a1', criterion: 'a', name: 'profile', description: 'd', points: 2, source: 's', detect: kw('profil') },
      { id: 'a2', criterion: 'a', name: 'manual one', description: 'd', points: 1, source: 's', detect: { kind: 'manual' } },
      { id: 'a3', criterion: 'a', name: 'history', description: 'd', points: 1, source: 's', detect: kw('sejarah') },
      { id: 'b1', criterion: 'b', name: 'complaint link', description: 'd', points: 1, source: 's', detect: kw('pengaduan') },
      { id: 'b2', criterion: 'b', name: 'search link', description: 'd', points: 1, source: 's', detect: kw('pencarian') },
      { id: 'c1', criterion: 'c', name: 'email test', description: 'd', points: 1, source: 's', detect: { kind: 'manual' } },
    ],
    phases: {
      presence: { description: 'p', requires: 'a1' },
      interaction: { description: 'i', requires: { any_of: ['b1', 'b2'] } },
      transaction: { description: 't', requires: { at_least: { n: 2, of: ['a3', 'b1', 'b2'] } } },
      transformation: { description: 'f', requires: { all_of: ['a3', 'b1', 'b2'] } },
    },
  },
  'tiny.yaml',
);

const page = (links: string[]) =>
  `<!doctype html><html lang="id"><head><title>Kota Contoh</title></head><body>${links.map((l) => `<a href="/${l}">${l}</a>`).join(' ')}</body></html>`;
const city = (links: string[]) => cityFromHtml([{ url: FIXTURE_PORTAL, html: page(links) }]);

describe('scores', () => {
  it('is the share of points over assessed indicators, and the weighted mean of criteria', async () => {
    const e = (await evaluateCity(tiny, city(['Profil'])));
    expect(e.criteria.map((c) => [c.id, c.score])).toEqual([
      ['a', 66.7], // 2 of 3 assessed points; the manual indicator does not count
      ['b', 0],
      ['c', null], // nothing assessed: empty, not 0
    ]);
    expect(e.total).toBe(Math.round(((3 * 200) / 3 + 0) / 4 * 10) / 10);
    const full = (await evaluateCity(tiny, city(['Profil', 'Sejarah', 'Pengaduan', 'Pencarian'])));
    expect(full.criteria.map((c) => c.score)).toEqual([100, 100, null]);
    expect(full.total).toBe(100);
  });

  it('assigns the highest rung whose requirements and all lower ones hold', async () => {
    expect((await evaluateCity(tiny, city(['Profil']))).phase).toBe('presence');
    expect((await evaluateCity(tiny, city(['Profil', 'Pengaduan']))).phase).toBe('interaction');
    expect((await evaluateCity(tiny, city(['Profil', 'Pengaduan', 'Sejarah']))).phase).toBe('transaction');
    expect((await evaluateCity(tiny, city(['Profil', 'Pengaduan', 'Pencarian', 'Sejarah']))).phase).toBe('transformation');
    // Transaction's requirement holds, but presence does not: the ladder is cumulative.
    expect((await evaluateCity(tiny, city(['Pengaduan', 'Pencarian', 'Sejarah']))).phase).toBe('none');
  });

  it('explains the phase: what earned it and what the next one misses', async () => {
    const e = (await evaluateCity(tiny, city(['Profil', 'Pengaduan'])));
    expect(e.phaseReason).toBe('interaction: complaint link; missing for transaction: 1 more of (history | search link)');
    expect((await evaluateCity(tiny, city(['Profil']))).phaseReason).toBe('presence: profile; missing for interaction: one of (complaint link | search link)');
  });

  it('gives phase none and no scores when the portal is unreachable', async () => {
    const c = { ...city(['Profil']), reachable: false, portalReason: 'timeout', pages: [] };
    const e = (await evaluateCity(tiny, c));
    expect(e.phase).toBe('none');
    expect(e.phaseReason).toContain('timeout');
    expect(e.total).toBeNull();
    expect(e.criteria.every((x) => x.score === null)).toBe(true);
  });
});

describe('the ladder in words a reader can check', () => {
  const withPartly = parseRubric(
    {
      ...JSON.parse(JSON.stringify({ id: 'p', name: 'p', description: 'p', source: 's' })),
      criteria: [{ id: 'a', name: { id: 'A', en: 'A' }, description: 'a', weight: 1 }],
      indicators: [
        { id: 'two', criterion: 'a', name: 'profile and history', description: 'd', points: 2, source: 's', detect: { kind: 'keywords', in: ['link_text'], any: ['profil', 'sejarah'], min: 2, partial: true } },
        { id: 'sig', criterion: 'a', name: 'complaint link', description: 'd', points: 0, source: 's', detect: kw('pengaduan') },
      ],
      phases: {
        presence: { description: 'p', requires: { partly: 'two' } },
        interaction: { description: 'i', requires: 'sig' },
        transaction: { description: 't', requires: 'two' },
        transformation: { description: 'f', requires: { all_of: ['two', 'sig'] } },
      },
    },
    'partly.yaml',
  );

  it('holds { partly: id } on any credit, and scores nothing for a points-free signal', async () => {
    expect((await evaluateCity(withPartly, city(['Profil']))).phase).toBe('presence');
    expect((await evaluateCity(withPartly, city(['Beranda']))).phase).toBe('none');
    const e = await evaluateCity(withPartly, city(['Profil', 'Pengaduan']));
    expect(e.phase).toBe('interaction');
    expect(e.indicators.find((i) => i.id === 'sig')).toMatchObject({ met: true, points: 0, maxPoints: 0 });
    expect(e.criteria[0]!.score).toBe(50); // one of two groups: the signal adds no points either way
  });

  it('says why a reachable portal is below presence', async () => {
    const e = await evaluateCity(withPartly, city(['Beranda']));
    expect(e.phaseReason).toMatch(/^reachable but shows no government content of its own \(1 page read, \d+ characters of text/);
    const spam = cityFromHtml([{ url: FIXTURE_PORTAL, html: page(['Profil']), flags: ['gambling_spam', 'spam_page'] }]);
    const s = await evaluateCity(withPartly, spam);
    expect(s.phase).toBe('none');
    expect(s.phaseReason).toContain('every page read (1) is spam or defaced');
    expect(s.phaseReason).toContain('compromised: 1 spam or defaced page not judged');
  });

  it('keeps the phase of a city whose pages carry injected spam, and names the compromise', async () => {
    const c = cityFromHtml([
      { url: FIXTURE_PORTAL, html: page(['Profil', 'Pengaduan']), flags: ['gambling_spam'] },
      { url: `${FIXTURE_PORTAL}assets/slot-gacor/`, html: page(['Slot gacor']), flags: ['gambling_spam', 'spam_page'] },
    ]);
    const e = await evaluateCity(withPartly, c);
    expect(e.phase).toBe('interaction');
    expect(e.phaseReason).toContain('compromised: 1 page with injected gambling links, judged without them');
    expect(e.phaseReason).toContain('1 spam or defaced page not judged (e.g. https://www.kotacontoh.go.id/assets/slot-gacor/)');
  });

  it('does not judge an app shell that was read without a browser', async () => {
    const c = cityFromHtml([{ url: FIXTURE_PORTAL, html: page(['Profil', 'Pengaduan']) }]);
    const shell = {
      ...c,
      async *readPages() {
        for await (const r of c.readPages()) yield { ...r, facts: { ...r.facts, appShell: 'empty_root' } };
      },
    };
    const e = await evaluateCity(withPartly, shell);
    expect(e.phase).toBe('none');
    expect(e.phaseReason).toContain('empty app shell that was not rendered (empty_root)');
  });
});

describe('criteria.csv rows', () => {
  it('writes one row per indicator with the first evidence, and empty met when not assessed', async () => {
    const e = (await evaluateCity(tiny, city(['Profil'])));
    const rows = criteriaRows('run-1', 'kota-contoh', e);
    expect(rows).toHaveLength(tiny.indicators.length);
    expect(Object.keys(rows[0]!)).toEqual([...CRITERIA_COLUMNS]);
    expect(rows[0]).toMatchObject({ criterion: 'a', indicator: 'a1', met: true, points: 2, max_points: 2, evidence_url: FIXTURE_PORTAL });
    expect(rows[0]!.evidence_text).toContain('Profil');
    expect(rows[1]).toMatchObject({ indicator: 'a2', met: '', points: '' });
    expect(rows[1]!.evidence_text).toContain('not assessed');
    expect(rows[2]).toMatchObject({ indicator: 'a3', met: false, points: 0, evidence_url: '' });
    const csv = toCsv(CRITERIA_COLUMNS, rows, { bom: false }).split('\n');
    expect(csv[0]).toBe(CRITERIA_COLUMNS.join(','));
    expect(csv[2]).toMatch(/^run-1,kota-contoh,a,a2,,,1,,/);
  });

  it('gives the cities.csv score cells in rubric order', async () => {
    const e = (await evaluateCity(tiny, city(['Profil'])));
    expect(scoreColumns(tiny)).toEqual(['score_a', 'score_b', 'score_c', 'score_total']);
    expect(cityScoreCells(e)).toMatchObject({ score_a: 66.7, score_b: 0, score_c: '', phase: 'presence' });
    expect(summaryTable(tiny, [{ cityId: 'kota-contoh', evaluation: e }])).toMatch(/kota-contoh\s+66\.7\s+0\.0\s+–\s+50\.0\s+presence/);
  });
});

// Criterion sensitivity on the default rubric, with the per-indicator fixtures as a city's pages.
describe('each sitokdana criterion moves with its evidence', () => {
  let rubric: Rubric;
  beforeAll(async () => {
    rubric = await loadRubric(join(import.meta.dirname, '../../criteria/sitokdana-2015.yaml'));
  });
  const FIX = join(import.meta.dirname, '../indicators/fixtures');
  const fixturePage = (id: string, which: 'pass' | 'fail'): HtmlPage => {
    const meta = existsSync(join(FIX, id, `${which}.json`)) ? JSON.parse(readFileSync(join(FIX, id, `${which}.json`), 'utf8')) : {};
    return { url: `${FIXTURE_PORTAL}${id}/${which}`, html: readFileSync(join(FIX, id, `${which}.html`), 'utf8'), ...(meta.bytes ? { bytes: meta.bytes } : {}) };
  };
  const home: HtmlPage = { url: FIXTURE_PORTAL, html: '<!doctype html><html><head><title>Kota Contoh</title></head><body><p>Selamat datang.</p></body></html>' };
  const score = async (pages: HtmlPage[], criterion: string) =>
    (await evaluateCity(rubric, cityFromHtml(pages))).criteria.find((c) => c.id === criterion)!.score;

  it('scores 0 on every criterion but display when the city shows no trace of any', async () => {
    const e = (await evaluateCity(rubric, cityFromHtml([home])));
    for (const c of e.criteria) if (c.id !== 'display') expect([c.id, c.score]).toEqual([c.id, 0]);
  });

  for (const criterion of ['transparency', 'service', 'efficiency', 'economy', 'aspiration', 'display', 'update']) {
    it(criterion, async () => {
      const ids = rubric.indicators.map((i) => i.id);
      const mine = rubric.indicators.filter((i) => i.criterion === criterion).map((i) => i.id);
      const others = ids.filter((id) => !mine.includes(id));
      // Home-page checks look at the first page: evidence for this criterion goes first.
      const withEvidence = [...mine.map((id) => fixturePage(id, 'pass')), ...others.map((id) => fixturePage(id, 'fail'))];
      const without = [...mine.map((id) => fixturePage(id, 'fail')), ...others.map((id) => fixturePage(id, 'fail'))];
      const added = (await score(withEvidence, criterion))!;
      const removed = (await score(without, criterion))!;
      expect(added).toBeGreaterThan(removed);
      expect(added).toBe(100);
      // And removing it from a city that has everything lowers it.
      const full = [...mine.map((id) => fixturePage(id, 'pass')), ...others.map((id) => fixturePage(id, 'pass'))];
      const fullMinus = [...mine.map((id) => fixturePage(id, 'fail')), ...others.map((id) => fixturePage(id, 'pass'))];
      expect((await score(fullMinus, criterion))!).toBeLessThan((await score(full, criterion))!);
    });
  }
});

describe('losi-2022 rubric', () => {
  it('evaluates a city with the same engine, leaving manual indicators unassessed', async () => {
    const losi = await loadRubric(join(import.meta.dirname, '../../criteria/losi-2022.yaml'));
    const pages: HtmlPage[] = [
      {
        url: FIXTURE_PORTAL,
        html: `<!doctype html><html lang="id"><head><meta name="viewport" content="width=device-width"><title>Beranda - Kota Contoh</title></head><body>
          <a href="/profil">Profil</a> <a href="/berita">Berita</a> <a href="https://www.lapor.go.id/">SP4N-LAPOR!</a>
          <form role="search" method="get" action="/"><input type="search" name="s"></form>
          <p>Telp. (0271) 123456, email humas@kotacontoh.go.id</p></body></html>`,
      },
    ];
    const e = (await evaluateCity(losi, cityFromHtml(pages)));
    expect(e.criteria.map((c) => c.id)).toEqual(['institutional_framework', 'content_provision', 'services_provision', 'participation', 'technology']);
    const byId = new Map(e.indicators.map((i) => [i.id, i]));
    expect(byId.get('pe_email_quality')!.met).toBeNull();
    expect(byId.get('te_speed')!.met).toBeNull();
    expect(byId.get('cp_contact_details')!.met).toBe(true);
    expect(byId.get('te_search')!.met).toBe(true);
    expect(byId.get('pe_incident_reporting')!.met).toBe(true);
    expect(e.phase).toBe('interaction');
    const technology = e.criteria.find((c) => c.id === 'technology')!;
    expect(technology.assessed).toBeLessThan(technology.indicators);
  });
});
