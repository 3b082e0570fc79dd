// A fake output folder: three finished runs and one unfinished run over five cities of Sitokdana's
// 2015 study, written with the real column definitions — no crawler involved. Values are made up
// but plausible; hostile text sits where crawled text goes (titles, app names, evidence, URLs).
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPLICATION_COLUMN_NAMES } from '../../src/report/applications.ts';
import { CITIES_COLUMNS, CRITERIA_CSV_COLUMNS, LINKS_COLUMNS, PAGES_COLUMNS, columnNames } from '../../src/report/columns.ts';
import { writeCsv, type Cell } from '../../src/report/csv.ts';

export const XSS = '<script>alert(1)</script>';
export const XSS_IMG = '<img src=x onerror="alert(2)">';

export const CITIES = [
  { id: 'surabaya', name: 'Kota Surabaya', portal: 'https://www.surabaya.go.id/' },
  { id: 'medan', name: 'Kota Medan', portal: 'https://portal.pemkomedan.go.id/' },
  { id: 'makassar', name: 'Kota Makassar', portal: 'https://makassarkota.go.id/' },
  { id: 'banjarmasin', name: 'Kota Banjarmasin', portal: 'https://banjarmasinkota.go.id/' },
  { id: 'jayapura', name: 'Kota Jayapura', portal: 'https://jayapurakota.go.id/' },
] as const;

export const CRITERIA = ['transparency', 'service', 'efficiency', 'economy', 'aspiration', 'display', 'update'] as const;
export const INDICATORS: Array<{ id: string; criterion: string; points: number }> = [
  { id: 't_profile', criterion: 'transparency', points: 2 },
  { id: 't_budget', criterion: 'transparency', points: 3 },
  { id: 's_services', criterion: 'service', points: 3 },
  { id: 's_online_form', criterion: 'service', points: 3 },
  { id: 'ef_procurement', criterion: 'efficiency', points: 2 },
  { id: 'ef_speed', criterion: 'efficiency', points: 2 },
  { id: 'ec_investment', criterion: 'economy', points: 2 },
  { id: 'ec_payment', criterion: 'economy', points: 3 },
  { id: 'a_complaint', criterion: 'aspiration', points: 3 },
  { id: 'a_social', criterion: 'aspiration', points: 1 },
  { id: 'd_mobile', criterion: 'display', points: 2 },
  { id: 'd_search', criterion: 'display', points: 1 },
  { id: 'u_news', criterion: 'update', points: 3 },
  { id: 'u_documents', criterion: 'update', points: 2 },
];

export const RUNS = [
  { id: '2026-01-10T02-00-00Z', started: '2026-01-10T02:00:00.000Z', finished: '2026-01-10T03:41:12.000Z', status: 'finished' },
  { id: '2026-02-10T02-00-00Z', started: '2026-02-10T02:00:00.000Z', finished: '2026-02-10T03:38:40.000Z', status: 'finished' },
  { id: '2026-03-10T02-00-00Z', started: '2026-03-10T02:00:00.000Z', finished: '2026-03-10T03:45:02.000Z', status: 'finished' },
  { id: '2026-03-11T02-00-00Z', started: '2026-03-11T02:00:00.000Z', finished: '2026-03-11T02:10:00.000Z', status: 'unfinished' },
] as const;

const PHASES = ['transformation', 'transaction', 'interaction', 'presence', 'none'];

/** Deterministic pseudo-random 0..1 from a string. */
function rnd(key: string): number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10000) / 10000;
}

export interface FakeOutput {
  out: string;
  latest: string;
  cleanup: () => void;
}

export function tempDir(prefix = 'egovscan-report-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the fake output folder; `runs` limits how many of RUNS are written (default all). */
export async function writeFakeOutput(opts: { runs?: number; out?: string } = {}): Promise<FakeOutput> {
  const t = opts.out ? { dir: opts.out, cleanup: () => {} } : tempDir();
  const runs = RUNS.slice(0, opts.runs ?? RUNS.length);
  let latest = '';
  for (const [ri, run] of runs.entries()) {
    await writeRun(t.dir, run, ri);
    if (run.status === 'finished') latest = run.id;
  }
  if (latest) symlinkSync(latest, join(t.dir, 'latest'), 'dir');
  return { out: t.dir, latest, cleanup: t.cleanup };
}

async function writeRun(out: string, run: (typeof RUNS)[number], ri: number): Promise<void> {
  const dir = join(out, run.id);
  mkdirSync(dir, { recursive: true });
  // The unfinished run covers only two cities.
  const cities = run.status === 'finished' ? CITIES : CITIES.slice(0, 2);
  const cityRows: Array<Record<string, Cell>> = [];
  const criteriaRows: Array<Record<string, Cell>> = [];
  const appRows: Array<Record<string, Cell>> = [];
  const linkRows: Array<Record<string, Cell>> = [];
  const pageRows: Array<Record<string, Cell>> = [];
  cities.forEach((c, ci) => {
    const unreachable = c.id === 'jayapura' && ri === 0;
    const skill = 0.85 - ci * 0.17 + ri * 0.05;
    const scores: Record<string, number | null> = {};
    for (const k of CRITERIA) {
      const inds = INDICATORS.filter((i) => i.criterion === k);
      let got = 0;
      let max = 0;
      for (const ind of inds) {
        const assessed = !(ind.id === 'ef_speed');
        const met = !unreachable && rnd(`${run.id}${c.id}${ind.id}`) < skill;
        if (assessed) {
          max += ind.points;
          if (met) got += ind.points;
        }
        const url = `${c.portal}${ind.id.replace('_', '/')}`;
        criteriaRows.push({
          run_id: run.id,
          city_id: c.id,
          criterion: k,
          indicator: ind.id,
          met: unreachable || !assessed ? '' : met,
          points: unreachable || !assessed ? '' : met ? ind.points : 0,
          max_points: ind.points,
          evidence_url: met && assessed ? (ind.id === 'a_social' ? 'javascript:alert(3)' : url) : '',
          evidence_text: !assessed
            ? 'needs --lighthouse'
            : met
              ? ind.id === 't_profile'
                ? `title: ${XSS} Profil Kota`
                : `link text: "${ind.id.split('_')[1]}"`
              : 'no page matched',
        });
      }
      scores[k] = unreachable ? null : max > 0 ? Math.round((got / max) * 1000) / 10 : null;
    }
    const vals = Object.values(scores).filter((v): v is number => v !== null);
    const total = unreachable ? null : Math.round((vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length)) * 10) / 10;
    const statuses = ['active', 'active', 'active', 'stale', 'inactive', 'unknown', 'inactive', 'active'];
    const nApps = 3 + ((ci * 3 + ri) % 6);
    const counts = { active: 0, stale: 0, inactive: 0, unknown: 0 } as Record<string, number>;
    for (let a = 0; a < nApps; a++) {
      const status = statuses[(a + ci + ri) % statuses.length]!;
      counts[status]!++;
      const reason = status === 'active' ? 'ok' : status === 'stale' ? 'stale_content' : status === 'unknown' ? 'blocked' : a % 2 ? 'dns' : 'http_404';
      appRows.push({
        run_id: run.id,
        city_id: c.id,
        app_name: a === 1 && c.id === 'medan' ? `e-Lapor ${XSS_IMG}` : ['SIPPN', 'e-Perizinan', 'LPSE', 'PPID', 'JDIH', 'SAKIP', 'Open Data', 'e-Kinerja'][a]!,
        url: `https://app${a}.${new URL(c.portal).hostname.replace(/^www\./, '')}/`,
        category: a % 3 === 0 ? 'G2B' : 'G2C',
        source: a < 2 ? 'targets' : 'discovered',
        status,
        reason,
        http_status: reason === 'http_404' ? 404 : reason === 'dns' ? 0 : 200,
        last_updated: status === 'stale' ? '2023-05-02' : '',
        first_seen: RUNS[0].started,
        last_seen_alive: status === 'inactive' ? '' : run.started,
        changed: '',
        failures_in_a_row: status === 'inactive' ? ri + 1 : 0,
        category_reason: a < 2 ? 'from targets' : 'inferred: "izin" in name',
        detail: status === 'unknown' ? 'cloudflare_challenge' : status === 'stale' ? 'newest 2023-05-02' : '',
        final_url: '',
        found_on: a < 2 ? '' : c.portal,
      });
    }
    const broken = unreachable ? 0 : ((ci + ri) % 4) + 1;
    for (let b = 0; b < broken; b++) {
      linkRows.push({
        run_id: run.id,
        city_id: c.id,
        source_url: `${c.portal}berita/${b}`,
        target_url: b === 0 && c.id === 'makassar' ? 'javascript:alert(4)' : `${c.portal}dokumen/apbd-${2020 + b}.pdf`,
        status: 'broken',
        reason: 'http_404',
        http_status: 404,
      });
    }
    linkRows.push({ run_id: run.id, city_id: c.id, source_url: c.portal, target_url: `${c.portal}lama`, status: 'redirected', reason: 'ok', http_status: 301 });
    const nPages = unreachable ? 1 : 20 + ci * 7;
    for (let p = 0; p < nPages; p++) {
      pageRows.push({
        run_id: run.id,
        city_id: c.id,
        url: p === 0 ? c.portal : `${c.portal}halaman/${p}`,
        http_status: unreachable ? 0 : 200,
        content_type: 'text/html',
        bytes: 12000 + p * 31,
        rendered: false,
        title: p === 3 && c.id === 'medan' ? `${XSS} Slot Gacor` : `${c.name} — halaman ${p}`,
        newest_date: '2026-01-05',
        flags: p === 3 && c.id === 'medan' ? 'gambling_spam' : '',
        depth: p === 0 ? 0 : 1,
        reason: unreachable ? 'timeout' : 'ok',
        final_url: '',
        kind: 'page',
      });
    }
    cityRows.push({
      run_id: run.id,
      city_id: c.id,
      city_name: c.name,
      portal_url: c.portal,
      crawled_at: run.finished,
      pages_crawled: nPages,
      ...Object.fromEntries(CRITERIA.map((k) => [`score_${k}`, scores[k]])),
      score_total: total,
      phase: unreachable ? 'none' : PHASES[Math.min(4, Math.max(0, ci - ri + 1))],
      phase_reason: unreachable ? 'portal unreachable: timeout' : 'missing: online payment',
      apps_total: nApps,
      apps_active: counts.active,
      apps_stale: counts.stale,
      apps_inactive: counts.inactive,
      broken_links: broken,
      apps_unknown: counts.unknown,
      flagged_pages: p3(c.id),
    });
  });
  await writeCsv(join(dir, 'cities.csv'), columnNames(CITIES_COLUMNS), cityRows);
  await writeCsv(join(dir, 'criteria.csv'), columnNames(CRITERIA_CSV_COLUMNS), criteriaRows);
  await writeCsv(join(dir, 'applications.csv'), APPLICATION_COLUMN_NAMES, appRows);
  await writeCsv(join(dir, 'links.csv'), columnNames(LINKS_COLUMNS), linkRows);
  await writeCsv(join(dir, 'pages.csv'), columnNames(PAGES_COLUMNS), pageRows);
  writeFileSync(
    join(dir, 'run.json'),
    JSON.stringify(
      {
        tool: 'egovscan',
        version: '0.1.0',
        run_id: run.id,
        status: run.status,
        started_at: run.started,
        finished_at: run.finished,
        settings: { criteria: 'criteria/sitokdana-2015.yaml' },
        versions: { egovscan: '0.1.0', node: '20.20.0' },
        counts: { cities: cities.length },
      },
      null,
      2,
    ),
  );
}

function p3(cityId: string): number {
  return cityId === 'medan' ? 1 : 0;
}
