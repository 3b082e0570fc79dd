// report.html: one self-contained page per run — overview table, charts, a section per city with
// every indicator and its evidence, dead applications and broken links. Everything (styles, the one
// script, the charts) is inline; a Content-Security-Policy forbids every request, so the file opens
// offline from disk and a crawled page can never make it run anything or fetch anything.
import { createHash } from 'node:crypto';
import { sourceNote } from './source-note.ts';
import { appCounts } from '../comparison.ts';
import type { History } from '../history.ts';
import { num, type Row, type RunData } from '../read-run.ts';
import { phaseLadder, scoreMatrix, stackedBars, trendChart } from './charts.ts';
import { displayUrl, esc, link, shorten } from './escape.ts';
import { formatNumber, labels, type Lang, type Labels } from './i18n.ts';
import { groupBroken } from './broken-links.ts';
import { SCRIPT } from './script.ts';
import { toIndonesian, type NamePair } from './translate.ts';
import { STYLES } from './styles.ts';

export interface RubricInfo {
  file: string;
  id?: string;
  name?: string;
  /** The rubric's name in Indonesian, for the report in Bahasa Indonesia. */
  nameId?: string;
  criteria: Array<{ id: string; name: { id: string; en: string }; weight?: number }>;
  indicators: Array<{ id: string; name: string; nameId?: string; description?: string; criterion: string }>;
}

export interface ReportInput {
  run: RunData;
  history?: History;
  rubric?: RubricInfo;
  lang: Lang;
  toolVersion: string;
  /** Files in the run folder, for the list at the end. */
  files?: string[];
  /** Rows listed in the dead-application and broken-link tables before "and N more". */
  tableCap?: number;
}

const PHASE_ORDER = ['none', 'presence', 'interaction', 'transaction', 'transformation'];
export const STATUS_COLOURS: Record<string, { fill: string; text: string }> = {
  active: { fill: '#0072B2', text: '#ffffff' },
  stale: { fill: '#E69F00', text: '#1a1a1a' },
  inactive: { fill: '#D55E00', text: '#ffffff' },
  unknown: { fill: '#BBBBBB', text: '#1a1a1a' },
};

interface CityView {
  row: Row;
  id: string;
  name: string;
  total: number | null;
  scores: Array<number | null>;
  phase: string;
  apps: ReturnType<typeof appCounts>;
  broken: number;
  pages: number | null;
}

export function scriptHash(script: string = SCRIPT): string {
  return `sha256-${createHash('sha256').update(script).digest('base64')}`;
}

export function renderReport(input: ReportInput): string {
  const { run, lang } = input;
  const L = labels(lang);
  const fmt = (v: number | null | undefined, d = 1) => formatNumber(lang, v, d);
  const cap = input.tableCap ?? 100;
  const criterionName = (id: string) => {
    const c = input.rubric?.criteria.find((x) => x.id === id);
    return c ? c.name[lang] : id;
  };
  const indicatorInfo = new Map((input.rubric?.indicators ?? []).map((i) => [i.id, i]));

  const cities: CityView[] = run.cities.map((row) => {
    const id = row.city_id ?? '';
    return {
      row,
      id,
      name: row.city_name || id,
      total: num(row.score_total),
      scores: run.criteriaIds.map((k) => num(row[`score_${k}`])),
      phase: row.phase ?? '',
      apps: appCounts(run, id, row),
      broken: num(row.broken_links) ?? run.links.filter((l) => l.city_id === id && l.status === 'broken').length,
      pages: num(row.pages_crawled),
    };
  });
  const byTotal = [...cities].sort((a, b) => (b.total ?? -1) - (a.total ?? -1) || a.name.localeCompare(b.name));
  const hasScores = cities.some((c) => c.total !== null || c.scores.some((s) => s !== null));
  const totalApps = cities.reduce((n, c) => n + c.apps.apps_total, 0);

  const parts: string[] = [];
  const say = sayer(input);
  // ------------------------------------------------------------------ header
  const meta = run.meta;
  const rubricLabel = (input.lang === 'id' ? input.rubric?.nameId : undefined) ?? input.rubric?.name ?? input.rubric?.file ?? meta.settings?.criteria ?? '';
  const meanTotal = mean(cities.map((c) => c.total));
  parts.push(`<header class="top"><h1>${esc(L.title)}</h1><p class="subtitle">${esc(L.subtitle)}</p>`);
  parts.push('<p class="meta">');
  parts.push(`<span>${esc(L.run)}: <b>${esc(run.runId)}</b></span>`);
  if (meta.started_at) parts.push(`<span>${esc(L.started)}: <b>${esc(dateTime(meta.started_at))}</b></span>`);
  if (meta.finished_at) parts.push(`<span>${esc(L.finished)}: <b>${esc(dateTime(meta.finished_at))}</b></span>`);
  if (rubricLabel) parts.push(`<span>${esc(L.rubric)}: <b>${esc(rubricLabel)}</b></span>`);
  parts.push(`<span>${esc(L.tool)}: <b>egovscan ${esc(input.toolVersion)}</b></span>`);
  parts.push('</p>');
  if (meta.status && meta.status !== 'finished') parts.push(`<p class="warn">${esc(L.unfinished)} (${esc(L.status)}: ${esc(meta.status)})</p>`);
  parts.push(sourceNote(meta, lang));
  parts.push('<div class="tiles">');
  parts.push(tile(String(cities.length), L.cities));
  parts.push(tile(fmt(meanTotal), `${L.total} (${lang === 'id' ? 'rata-rata' : 'mean'})`));
  parts.push(tile(String(run.pages.length || cities.reduce((n, c) => n + (c.pages ?? 0), 0)), L.pages));
  parts.push(tile(String(totalApps), L.apps));
  parts.push(tile(String(cities.reduce((n, c) => n + c.apps.apps_inactive, 0)), `${L.apps}: ${L.appsInactive.toLowerCase()}`));
  parts.push(tile(String(cities.reduce((n, c) => n + c.broken, 0)), L.brokenLinks));
  parts.push('</div>');
  parts.push(
    `<nav class="toc" aria-label="${esc(L.contents)}"><a href="#overview">${esc(L.overview)}</a><a href="#charts">${esc(L.charts)}</a>` +
      `<a href="#cities">${esc(L.perCity)}</a><a href="#dead-apps">${esc(L.deadApps)}</a><a href="#broken-links">${esc(L.brokenLinksTitle)}</a><a href="#method">${esc(L.method)}</a></nav>`,
  );
  parts.push('</header>');

  // ------------------------------------------------------------------ overview table
  parts.push(`<section id="overview"><h2>${esc(L.overview)}</h2><p class="note">${esc(L.overviewNote)}</p>`);
  if (!hasScores) parts.push(`<p class="note">${esc(L.noScores)}</p>`);
  parts.push('<div class="chart-wrap"><table class="sortable overview"><thead><tr>');
  const th = (label: string, cls = '', title = '') =>
    `<th${cls ? ` class="${cls}"` : ''}${title ? ` title="${esc(title)}"` : ''} scope="col"><button class="sort" type="button">${esc(label)}</button></th>`;
  parts.push(th(L.city));
  for (const k of run.criteriaIds) parts.push(th(criterionName(k), 'num', k));
  parts.push(th(L.total, 'num'), th(L.phase), th(L.appsActive, 'num'), th(L.appsStale, 'num'), th(L.appsInactive, 'num'), th(L.appsUnknown, 'num'), th(L.brokenLinks, 'num'));
  parts.push('</tr></thead><tbody>');
  for (const c of cities) {
    parts.push('<tr>');
    parts.push(`<td><a href="#city-${esc(anchor(c.id))}">${esc(c.name)}</a></td>`);
    c.scores.forEach((s) => parts.push(scoreCell(s, fmt)));
    parts.push(scoreCell(c.total, fmt, true));
    parts.push(`<td data-v="${PHASE_ORDER.indexOf(c.phase) < 0 ? '' : PHASE_ORDER.indexOf(c.phase)}">${phaseBadge(c.phase, L, c.row.phase_reason ? say(c.row.phase_reason) : undefined)}</td>`);
    for (const v of [c.apps.apps_active, c.apps.apps_stale, c.apps.apps_inactive, c.apps.apps_unknown, c.broken]) parts.push(`<td class="num" data-v="${v}">${v}</td>`);
    parts.push('</tr>');
  }
  parts.push('</tbody></table></div></section>');

  // ------------------------------------------------------------------ charts
  parts.push(`<section id="charts"><h2>${esc(L.charts)}</h2>`);
  if (hasScores && run.criteriaIds.length > 0) {
    parts.push(
      figure(
        L.chartCriteria,
        L.chartCriteriaNote,
        scoreMatrix({
          id: 'chart-criteria',
          title: L.chartCriteria,
          desc: `${L.chartCriteriaNote} ${byTotal.map((c) => `${c.name}: ${L.total} ${fmt(c.total)}`).join('; ')}`,
          columns: [...run.criteriaIds.map(criterionName), L.total],
          rows: byTotal.map((c) => ({ label: c.name, values: [...c.scores, c.total] })),
          totalLast: true,
          format: (v) => fmt(v),
        }),
      ),
    );
  }
  const phased = cities.some((c) => c.phase !== '');
  if (phased) {
    const steps = PHASE_ORDER.map((p) => ({ key: p, label: L.phases[p] ?? p, cities: byTotal.filter((c) => c.phase === p).map((c) => c.name) }));
    parts.push(
      figure(
        L.chartPhase,
        L.chartPhaseNote,
        phaseLadder({
          id: 'chart-phase',
          title: L.chartPhase,
          desc: `${L.chartPhaseNote} ${steps.map((s) => `${s.label}: ${s.cities.join(', ') || '0'}`).join('; ')}`,
          steps,
          countLabel: L.citiesCount,
          moreLabel: L.othersCount,
        }),
      ),
    );
  }
  if (totalApps > 0) {
    const statuses = ['active', 'stale', 'inactive', 'unknown'] as const;
    const appRows = [...cities]
      .filter((c) => c.apps.apps_total > 0)
      .sort((a, b) => b.apps.apps_inactive - a.apps.apps_inactive || b.apps.apps_total - a.apps.apps_total || a.name.localeCompare(b.name));
    parts.push(
      figure(
        L.chartApps,
        L.chartAppsNote,
        stackedBars({
          id: 'chart-apps',
          title: L.chartApps,
          desc: `${L.chartAppsNote} ${appRows.map((c) => `${c.name}: ${statuses.map((s) => `${L.status_[s]} ${c.apps[`apps_${s}`]}`).join(', ')}`).join('; ')}`,
          series: statuses.map((s) => ({ label: L.status_[s] ?? s, color: STATUS_COLOURS[s]!.fill, text: STATUS_COLOURS[s]!.text })),
          rows: appRows.map((c) => ({ label: c.name, values: statuses.map((s) => c.apps[`apps_${s}`]) })),
          axisLabel: L.apps,
        }),
      ),
    );
  } else {
    parts.push(`<p class="note">${esc(L.chartApps)}: ${esc(L.noApps)}</p>`);
  }
  parts.push(trendFigures(input, L, lang));
  parts.push('</section>');

  // ------------------------------------------------------------------ per city
  const collapse = cities.length > 12;
  parts.push(`<section id="cities"><h2>${esc(L.perCity)}</h2>`);
  if (collapse) parts.push(`<div class="toolbar"><button type="button" id="expand-all">${esc(L.showAll)}</button></div>`);
  for (const c of cities) parts.push(citySection(c, input, L, fmt, criterionName, indicatorInfo, !collapse));
  parts.push('</section>');

  // ------------------------------------------------------------------ dead apps, broken links
  const cityName = new Map(cities.map((c) => [c.id, c.name]));
  const inactive = run.applications.filter((a) => a.status === 'inactive');
  parts.push(`<section id="dead-apps"><h2>${esc(L.deadApps)}</h2><p class="note">${esc(L.deadAppsNote)}</p>`);
  parts.push(appTable(inactive, cap, L, cityName, true));
  const stale = run.applications.filter((a) => a.status === 'stale');
  if (stale.length > 0) {
    parts.push(`<h4>${esc(L.staleApps)}</h4><p class="note">${esc(L.staleAppsNote)}</p>`);
    parts.push(appTable(stale, cap, L, cityName, false));
  }
  parts.push('</section>');

  // Every city with its dead targets, grouped: links.csv has one row per link and page.
  const grouped = groupBroken(run.links, cities.map((c) => c.id)).filter((g) => g.rows > 0);
  const perCity = Math.max(5, Math.min(cap, Math.ceil(cap / Math.max(1, grouped.length)) * 2));
  parts.push(`<section id="broken-links"><h2>${esc(L.brokenLinksTitle)}</h2><p class="note">${esc(L.brokenLinksNote)}</p>`);
  if (grouped.length === 0) parts.push(`<p>${esc(L.none)}</p>`);
  for (const g of grouped) {
    parts.push(`<h4>${esc(cityName.get(g.cityId) ?? g.cityId)} — ${esc(L.brokenTargets(g.targets.length, g.rows))}</h4>`);
    parts.push(`<table class="sortable"><thead><tr>${th(L.target)}${th(L.reason)}${th(L.http, 'num')}${th(L.linkingPages, 'num')}${th(L.onPage)}</tr></thead><tbody>`);
    for (const t of g.targets.slice(0, perCity)) {
      parts.push(
        `<tr><td class="wrap">${link(t.target)}</td><td>${esc(t.reason)}</td><td class="num" data-v="${t.http ?? ''}">${t.http ?? ''}</td>` +
          `<td class="num" data-v="${t.pages}">${t.pages}</td><td class="wrap">${link(t.example)}</td></tr>`,
      );
    }
    parts.push('</tbody></table>');
    if (g.targets.length > perCity) parts.push(`<p class="more">${esc(L.more(g.targets.length - perCity, 'links.csv'))}</p>`);
  }
  parts.push('</section>');

  // ------------------------------------------------------------------ method and files
  parts.push(`<section id="method"><h2>${esc(L.method)}</h2><p>${esc(L.methodText)}</p>`);
  const files = input.files ?? [];
  if (files.length > 0) {
    parts.push(`<h4>${esc(L.files)}</h4><ul class="files">`);
    for (const f of files) parts.push(`<li><code>${esc(f)}</code>${L.fileDesc[f] ? ` — ${esc(L.fileDesc[f])}` : ''}</li>`);
    parts.push('</ul>');
  }
  parts.push('</section>');
  parts.push(`<footer>${esc(L.generated)} egovscan ${esc(input.toolVersion)} · ${esc(L.run)} ${esc(run.runId)}</footer>`);

  const csp = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src '${scriptHash()}'; base-uri 'none'; form-action 'none'`;
  return (
    `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    // The policy is ours (no quotes that need escaping), written as is.
    `<meta http-equiv="Content-Security-Policy" content="${csp}">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="referrer" content="no-referrer">\n` +
    `<meta name="generator" content="egovscan ${esc(input.toolVersion)}">\n` +
    `<title>${esc(`${L.title} — ${run.runId}`)}</title>\n<style>${STYLES}</style>\n</head>\n<body>\n<main>\n` +
    parts.join('\n') +
    `\n</main>\n<script>${SCRIPT}</script>\n</body>\n</html>\n`
  );
}

// ---------------------------------------------------------------------------------------------
function tile(value: string, key: string): string {
  return `<div class="tile"><div class="v">${esc(value)}</div><div class="k">${esc(key)}</div></div>`;
}

function figure(title: string, note: string, svg: string): string {
  return `<figure><figcaption><b>${esc(title)}</b>${esc(note)}</figcaption><div class="chart-wrap">${svg}</div></figure>`;
}

function scoreCell(v: number | null, fmt: (v: number | null) => string, total = false): string {
  if (v === null) return `<td class="num na" data-v="">–</td>`;
  const pct = Math.max(0, Math.min(100, v));
  return `<td class="num score${total ? ' total' : ''}" data-v="${v}" style="--v:${pct}%">${esc(fmt(v))}</td>`;
}

function phaseBadge(phase: string, L: Labels, reason?: string): string {
  if (!phase) return '<span class="na">–</span>';
  const cls = PHASE_ORDER.includes(phase) ? `ph-${phase}` : '';
  return `<span class="badge ${cls}"${reason ? ` title="${esc(reason)}"` : ''}>${esc(L.phases[phase] ?? phase)}</span>`;
}

export function anchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
}

function mean(values: Array<number | null>): number | null {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
}

function dateTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** egovscan's own sentences in the report's language (the CSVs keep them in English). */
function sayer(input: ReportInput): (text: string) => string {
  if (input.lang !== 'id') return (t) => t;
  const names: NamePair[] = (input.rubric?.indicators ?? []).map((i) => ({ en: i.name, id: i.nameId }));
  return (t) => toIndonesian(t, names);
}

function resultCell(met: string | undefined, L: Labels, points: number | null = null, max: number | null = null): string {
  if (met === 'true') return `<td class="res res-met" data-v="1">✓ ${esc(L.met)}</td>`;
  // Partial credit (some of the groups, an update within 90 days): neither met nor missing.
  if (met === 'false' && points !== null && points > 0 && max !== null && points < max) {
    return `<td class="res res-partial" data-v="0.5">◐ ${esc(L.partial)}</td>`;
  }
  if (met === 'false') return `<td class="res res-notmet" data-v="0">✗ ${esc(L.notMet)}</td>`;
  return `<td class="res res-na" data-v="">– ${esc(L.notAssessed)}</td>`;
}

function citySection(
  c: CityView,
  input: ReportInput,
  L: Labels,
  fmt: (v: number | null | undefined, d?: number) => string,
  criterionName: (id: string) => string,
  indicatorInfo: Map<string, RubricInfo['indicators'][number]>,
  open: boolean,
): string {
  const { run } = input;
  const say = sayer(input);
  const rows = run.criteria.filter((r) => r.city_id === c.id);
  const met = rows.filter((r) => r.met === 'true').length;
  const assessed = rows.filter((r) => r.met === 'true' || r.met === 'false').length;
  const out: string[] = [];
  out.push(`<section class="city" id="city-${esc(anchor(c.id))}"><details${open ? ' open' : ''}><summary><h3>${esc(c.name)}</h3>`);
  out.push(` ${phaseBadge(c.phase, L)}<span class="sum">${esc(L.total)} ${esc(fmt(c.total))}`);
  if (rows.length) out.push(` · ${met}/${assessed} ${esc(L.indicatorsMet)}`);
  out.push('</span></summary>');
  out.push('<dl class="facts">');
  out.push(`<dt>${esc(L.portal)}</dt><dd>${link(c.row.portal_url, displayUrl(c.row.portal_url ?? ''))}</dd>`);
  if (c.row.phase_reason) out.push(`<dt>${esc(L.phaseReason)}</dt><dd>${esc(say(c.row.phase_reason))}</dd>`);
  if (c.pages !== null) out.push(`<dt>${esc(L.pages)}</dt><dd>${c.pages}</dd>`);
  out.push(
    `<dt>${esc(L.apps)}</dt><dd>${c.apps.apps_total} (${esc(L.appsActive)} ${c.apps.apps_active}, ${esc(L.appsStale)} ${c.apps.apps_stale}, ` +
      `${esc(L.appsInactive)} ${c.apps.apps_inactive}, ${esc(L.appsUnknown)} ${c.apps.apps_unknown})</dd>`,
  );
  // The inventory's other entries: counted apart from the applications (applications.csv kind).
  const kinds = run.applications.filter((a) => a.city_id === c.id);
  const ofKind = (k: string) => kinds.filter((a) => a.kind === k).length;
  if (kinds.some((a) => a.kind && a.kind !== 'application')) {
    out.push(`<dt>${esc(L.otherEntries)}</dt><dd>${ofKind('website')} / ${ofKind('national_platform')} / ${ofKind('app_store')}</dd>`);
  }
  out.push(`<dt>${esc(L.brokenLinks)}</dt><dd>${c.broken}</dd>`);
  out.push('</dl>');
  if (rows.length > 0) {
    out.push(`<table class="indicators"><thead><tr><th scope="col">${esc(L.indicator)}</th><th scope="col">${esc(L.result)}</th><th scope="col" class="num">${esc(L.points)}</th><th scope="col">${esc(L.evidence)}</th></tr></thead><tbody>`);
    const order = [...run.criteriaIds, ...new Set(rows.map((r) => r.criterion ?? '').filter((k) => !run.criteriaIds.includes(k)))];
    for (const k of order) {
      const group = rows.filter((r) => r.criterion === k);
      if (group.length === 0) continue;
      const score = num(c.row[`score_${k}`]);
      out.push(`<tr class="group"><td colspan="4">${esc(criterionName(k))} — ${esc(L.score)} ${esc(fmt(score))}</td></tr>`);
      for (const r of group) {
        const info = indicatorInfo.get(r.indicator ?? '');
        const pts = num(r.points);
        const max = num(r.max_points);
        const ev = r.evidence_url ? link(r.evidence_url, displayUrl(r.evidence_url), 60) : '';
        const txt = r.evidence_text ? `<span class="q">${esc(shorten(say(r.evidence_text), 200))}</span>` : '';
        out.push(
          `<tr><td${info?.description ? ` title="${esc(info.description)}"` : ''}>${info ? `${esc(input.lang === 'id' && info.nameId ? info.nameId : info.name)} <span class="note"><code>${esc(r.indicator)}</code></span>` : `<code>${esc(r.indicator)}</code>`}</td>` +
            `${resultCell(r.met, L, pts, max)}<td class="num">${pts === null ? '–' : esc(fmt(pts, 2))} / ${esc(fmt(max, 2))}</td><td class="ev">${ev}${txt}</td></tr>`,
        );
      }
    }
    out.push('</tbody></table>');
  }
  const flagged = run.pages.filter((p) => p.city_id === c.id && (p.flags ?? '').trim() !== '');
  if (flagged.length > 0) {
    const cap = input.tableCap ?? 100;
    out.push(`<h4>${esc(L.flaggedPages)}</h4><p class="note">${esc(L.flaggedPagesNote)}</p>`);
    out.push(`<table><thead><tr><th scope="col">${esc(L.pageTitle)}</th><th scope="col">${esc(L.url)}</th><th scope="col">${esc(L.flags)}</th></tr></thead><tbody>`);
    for (const p of flagged.slice(0, cap)) {
      out.push(`<tr><td class="wrap">${esc(shorten(p.title ?? '', 160))}</td><td class="wrap">${link(p.url)}</td><td>${esc(p.flags)}</td></tr>`);
    }
    out.push('</tbody></table>');
    if (flagged.length > cap) out.push(`<p class="more">${esc(L.more(flagged.length - cap, 'pages.csv'))}</p>`);
  }
  const apps = run.applications.filter((a) => a.city_id === c.id);
  if (apps.length > 0) {
    const cap = input.tableCap ?? 100;
    out.push(`<h4>${esc(L.applications)}</h4>`);
    out.push(`<table><thead><tr><th scope="col">${esc(L.app)}</th><th scope="col">${esc(L.url)}</th><th scope="col">${esc(L.kind)}</th><th scope="col">${esc(L.category)}</th><th scope="col">${esc(L.result)}</th><th scope="col">${esc(L.reason)}</th></tr></thead><tbody>`);
    for (const a of apps.slice(0, cap)) {
      out.push(
        `<tr><td>${esc(a.app_name)}</td><td class="wrap">${link(a.url)}</td><td>${esc(L.kind_[a.kind || 'application'] ?? a.kind)}</td><td>${esc(a.category)}</td>` +
          `<td class="st-${esc(a.status)}">${esc(L.status_[a.status ?? ''] ?? a.status)}</td><td>${esc(a.reason)}${a.detail ? ` <span class="note">(${esc(a.detail)})</span>` : ''}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
    if (apps.length > cap) out.push(`<p class="more">${esc(L.more(apps.length - cap, 'applications.csv'))}</p>`);
  }
  out.push('</details></section>');
  return out.join('');
}

function appTable(apps: Row[], cap: number, L: Labels, cityName: Map<string, string>, failures: boolean): string {
  if (apps.length === 0) return `<p>${esc(L.none)}</p>`;
  const out: string[] = [];
  const th = (label: string, cls = '') => `<th scope="col"${cls ? ` class="${cls}"` : ''}><button class="sort" type="button">${esc(label)}</button></th>`;
  out.push(
    `<table class="sortable"><thead><tr>${th(L.city)}${th(L.app)}${th(L.url)}${th(L.reason)}${th(L.detail)}${th(L.http, 'num')}` +
      `${failures ? th(L.failuresInARow, 'num') : ''}</tr></thead><tbody>`,
  );
  for (const a of apps.slice(0, cap)) {
    const http = num(a.http_status);
    const f = num(a.failures_in_a_row);
    out.push(
      `<tr><td>${esc(cityName.get(a.city_id ?? '') ?? a.city_id)}</td><td>${esc(a.app_name)}</td><td class="wrap">${link(a.url)}</td>` +
        `<td>${esc(a.reason)}</td><td>${esc(a.detail)}</td><td class="num" data-v="${http ?? ''}">${http ? http : ''}</td>` +
        `${failures ? `<td class="num" data-v="${f ?? ''}">${f ?? ''}</td>` : ''}</tr>`,
    );
  }
  out.push('</tbody></table>');
  if (apps.length > cap) out.push(`<p class="more">${esc(L.more(apps.length - cap, 'applications.csv'))}</p>`);
  return out.join('');
}

function trendFigures(input: ReportInput, L: Labels, lang: Lang): string {
  const h = input.history;
  if (!h || h.runs.length < 2) return `<p class="note">${esc(L.noTrend)}</p>`;
  const runIndex = new Map(h.runs.map((r, i) => [r, i]));
  const starts = new Map<string, string>();
  for (const r of h.rows) if (r.started_at) starts.set(String(r.run_id), String(r.started_at));
  const dates = h.runs.map((r) => (starts.get(r) ?? '').slice(0, 10));
  const xLabels = h.runs.map((r, i) => {
    const s = starts.get(r) ?? '';
    if (!s) return shorten(r, 20);
    return dates.filter((d) => d === dates[i]).length > 1 ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : s.slice(0, 10);
  });
  // Cities of the reported run, in its order; their values in every run.
  const series = (field: 'score_total' | 'apps_inactive') =>
    input.run.cities.map((c) => {
      const values: Array<number | null> = h.runs.map(() => null);
      for (const r of h.rows) {
        if (r.city_id !== c.city_id) continue;
        const i = runIndex.get(String(r.run_id));
        const v = r[field];
        if (i !== undefined && typeof v === 'number') values[i] = v;
      }
      return { label: c.city_name || c.city_id || '', values };
    });
  const scoreSeries = series('score_total');
  const inactiveSeries = series('apps_inactive');
  const out: string[] = [];
  if (scoreSeries.some((s) => s.values.some((v) => v !== null))) {
    out.push(
      figure(
        L.chartTrendScore,
        L.trendNote,
        trendChart({
          id: 'chart-trend-score',
          title: L.chartTrendScore,
          desc: `${L.trendNote} ${scoreSeries.map((s) => `${s.label}: ${s.values.map((v) => formatNumber(lang, v)).join(' → ')}`).join('; ')}`,
          x: xLabels,
          series: scoreSeries,
          yMax: 100,
          yLabel: `${L.total} (0–100)`,
          format: (v) => formatNumber(lang, v, 0),
        }),
      ),
    );
  }
  out.push(
    figure(
      L.chartTrendInactive,
      L.trendNote,
      trendChart({
        id: 'chart-trend-inactive',
        title: L.chartTrendInactive,
        desc: `${L.trendNote} ${inactiveSeries.map((s) => `${s.label}: ${s.values.map((v) => (v === null ? '–' : String(v))).join(' → ')}`).join('; ')}`,
        x: xLabels,
        series: inactiveSeries,
        yLabel: `${L.apps}: ${L.appsInactive.toLowerCase()}`,
        integer: true,
        format: (v) => formatNumber(lang, v, 0),
      }),
    ),
  );
  return out.join('');
}
