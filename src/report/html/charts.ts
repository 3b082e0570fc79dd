// Small pure functions that draw the report's charts as SVG strings: no charting library, no
// script, no network. Every chart has a title and a description for screen readers, explicit
// width/height (and a viewBox, so it scales down on narrow screens and prints sharp), and uses the
// Okabe–Ito colour-blind-safe palette, with text labels and marker shapes so that no information
// is carried by colour alone.
import { esc, shorten } from './escape.ts';

export const FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";

/** Okabe & Ito (2008), without yellow (too light for lines on white). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross', 'plus'] as const;
const DASHES = ['', '6 3', '2 3', '8 3 2 3'] as const;

const INK = '#1a1a1a';
const MUTED = '#5f6368';
const GRID = '#e3e3e3';

export interface ChartFrame {
  /** Unique id (used for the title/desc ids). */
  id: string;
  title: string;
  desc: string;
}

/** Rough width of a text in the chart font (no layout engine in a pure function). */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += /[il.,:;|!'’ ]/.test(ch) ? 0.3 : /[mwMW]/.test(ch) ? 0.85 : /[A-Z0-9]/.test(ch) ? 0.64 : 0.55;
  return w * size;
}

export function fit(text: string, maxWidth: number, size: number): string {
  if (textWidth(text, size) <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && textWidth(`${t}…`, size) > maxWidth) t = t.slice(0, -1);
  return `${t.trimEnd()}…`;
}

/** A "nice" upper bound (1, 2, 2.5, 5 × 10^k) at or above v. */
export function niceMax(v: number): number {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function ticks(max: number, target = 5, integer = false): number[] {
  const raw = max / target;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? raw;
  if (integer) step = Math.max(1, Math.round(step));
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

function svgOpen(f: ChartFrame, width: number, height: number, kind: string): string {
  const w = Math.round(width);
  const h = Math.round(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(kind)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `role="img" aria-labelledby="${esc(f.id)}-t ${esc(f.id)}-d" font-family="${esc(FONT)}" font-size="12" fill="${INK}">` +
    `<title id="${esc(f.id)}-t">${esc(f.title)}</title><desc id="${esc(f.id)}-d">${esc(f.desc)}</desc>`
  );
}

const n1 = (v: number) => Math.round(v * 10) / 10;

function labelColumnWidth(labels: readonly string[], size: number, min = 90, max = 210): number {
  return Math.min(max, Math.max(min, ...labels.map((l) => textWidth(l, size) + 14)));
}

// -------------------------------------------------------------------------------------------
export interface MatrixInput extends ChartFrame {
  /** Column headings (criteria), the last one may be the total (`totalLast`). */
  columns: string[];
  rows: Array<{ label: string; values: Array<number | null> }>;
  totalLast?: boolean;
  format: (v: number | null) => string;
  /** Text shown for a value that could not be assessed. */
  missing?: string;
}

/** A heat table with bars: one row per city, one column per criterion, a bar 0..100 in each cell. */
export function scoreMatrix(m: MatrixInput): string {
  const size = 12;
  const labelW = labelColumnWidth(m.rows.map((r) => r.label), size);
  const colW = Math.max(92, ...m.columns.map((c) => textWidth(c, 11.5) * 1.08 + 14));
  const headH = 34;
  const rowH = 23;
  const width = labelW + m.columns.length * colW + 8;
  const height = headH + m.rows.length * rowH + 6;
  const parts: string[] = [svgOpen(m, width, height, 'criteria')];
  // Header
  m.columns.forEach((c, j) => {
    const x = labelW + j * colW;
    const isTotal = m.totalLast && j === m.columns.length - 1;
    parts.push(
      `<text x="${x + 4}" y="${headH - 12}" font-size="11.5" font-weight="${isTotal ? 700 : 600}" fill="${INK}">${esc(fit(c, colW - 10, 11.5))}<title>${esc(c)}</title></text>`,
    );
  });
  parts.push(`<line x1="0" x2="${width}" y1="${headH - 4}" y2="${headH - 4}" stroke="${INK}" stroke-width="1"/>`);
  m.rows.forEach((r, i) => {
    const y = headH + i * rowH;
    if (i % 2 === 1) parts.push(`<rect x="0" y="${y}" width="${width}" height="${rowH}" fill="#f6f7f8"/>`);
    parts.push(`<text x="6" y="${y + rowH / 2 + 4}" font-size="${size}">${esc(fit(r.label, labelW - 14, size))}<title>${esc(r.label)}</title></text>`);
    r.values.forEach((v, j) => {
      const x = labelW + j * colW;
      const isTotal = m.totalLast && j === r.values.length - 1;
      const barMax = colW - 40;
      const by = y + 6;
      const bh = rowH - 12;
      parts.push(`<rect x="${x + 4}" y="${by}" width="${barMax}" height="${bh}" fill="#e9edf1"/>`);
      if (v !== null) {
        const w = Math.max(0, Math.min(1, v / 100)) * barMax;
        parts.push(`<rect x="${x + 4}" y="${by}" width="${n1(w)}" height="${bh}" fill="${isTotal ? '#0072B2' : '#56B4E9'}"/>`);
      }
      parts.push(
        `<text x="${x + colW - 6}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="11.5" font-weight="${isTotal ? 700 : 400}" ` +
          `fill="${v === null ? MUTED : INK}" style="font-variant-numeric:tabular-nums">${esc(v === null ? (m.missing ?? '–') : m.format(v))}</text>`,
      );
    });
  });
  if (m.totalLast && m.columns.length > 1) {
    const x = labelW + (m.columns.length - 1) * colW - 1;
    parts.push(`<line x1="${x}" x2="${x}" y1="${headH - 4}" y2="${height - 4}" stroke="#9aa0a6" stroke-width="1"/>`);
  }
  parts.push('</svg>');
  return parts.join('');
}

// -------------------------------------------------------------------------------------------
export interface LadderStep {
  key: string;
  label: string;
  /** City names, best first. */
  cities: string[];
}

export interface LadderInput extends ChartFrame {
  steps: LadderStep[];
  countLabel: (n: number) => string;
  moreLabel: (n: number) => string;
  /** Names listed above a step before "+N more". */
  maxNames?: number;
}

const LADDER_FILL: Record<string, { fill: string; text: string }> = {
  none: { fill: '#bdbdbd', text: INK },
  presence: { fill: '#c6dbef', text: INK },
  interaction: { fill: '#6baed6', text: INK },
  transaction: { fill: '#2171b5', text: '#ffffff' },
  transformation: { fill: '#08306b', text: '#ffffff' },
};

/** The phase ladder: a staircase none → presence → … → transformation, cities stacked on their step. */
export function phaseLadder(l: LadderInput): string {
  const width = 800;
  const pad = 8;
  const stepW = (width - pad * 2) / l.steps.length;
  const maxNames = l.maxNames ?? 12;
  const lineH = 15;
  const rise = 24;
  const base = 16;
  const listed = l.steps.map((s) => (s.cities.length > maxNames ? [...s.cities.slice(0, maxNames - 1), l.moreLabel(s.cities.length - (maxNames - 1))] : s.cities));
  const maxListed = Math.max(1, ...listed.map((x) => x.length));
  const stairTop = pad + maxListed * lineH + 10;
  const tallest = base + rise * (l.steps.length - 1);
  const groundY = stairTop + tallest;
  const height = groundY + 44;
  const parts: string[] = [svgOpen(l, width, height, 'phase')];
  l.steps.forEach((s, i) => {
    const x = pad + i * stepW;
    const h = base + rise * i;
    const top = groundY - h;
    const colours = LADDER_FILL[s.key] ?? LADDER_FILL.presence!;
    parts.push(`<rect x="${n1(x)}" y="${top}" width="${n1(stepW - 2)}" height="${h}" fill="${colours.fill}"><title>${esc(`${s.label}: ${l.countLabel(s.cities.length)}`)}</title></rect>`);
    parts.push(
      `<text x="${n1(x + stepW / 2)}" y="${top + Math.min(h - 4, 17)}" text-anchor="middle" font-size="13" font-weight="700" fill="${colours.text}">${esc(String(s.cities.length))}</text>`,
    );
    listed[i]!.forEach((name, k) => {
      const y = top - 8 - k * lineH;
      const isMore = s.cities.length > maxNames && k === listed[i]!.length - 1;
      parts.push(
        `<text x="${n1(x + stepW / 2)}" y="${y}" text-anchor="middle" font-size="11.5" ${isMore ? `fill="${MUTED}" font-style="italic"` : ''}>${esc(fit(name, stepW - 10, 11.5))}<title>${esc(name)}</title></text>`,
      );
    });
    parts.push(`<text x="${n1(x + stepW / 2)}" y="${groundY + 18}" text-anchor="middle" font-size="12.5" font-weight="700">${esc(s.label)}</text>`);
    parts.push(`<text x="${n1(x + stepW / 2)}" y="${groundY + 34}" text-anchor="middle" font-size="11.5" fill="${MUTED}">${esc(l.countLabel(s.cities.length))}</text>`);
  });
  parts.push(`<line x1="${pad}" x2="${width - pad}" y1="${groundY}" y2="${groundY}" stroke="${INK}" stroke-width="1"/>`);
  parts.push('</svg>');
  return parts.join('');
}

// -------------------------------------------------------------------------------------------
export interface StackSeries {
  label: string;
  color: string;
  /** Colour of the count written inside a segment. */
  text: string;
}

export interface StackedInput extends ChartFrame {
  series: StackSeries[];
  rows: Array<{ label: string; values: number[] }>;
  axisLabel: string;
}

/** Horizontal stacked bars, one per city, with a legend, a count axis and totals. */
export function stackedBars(s: StackedInput): string {
  const size = 12;
  const width = 800;
  const labelW = labelColumnWidth(s.rows.map((r) => r.label), size);
  const legendH = 28;
  const rowH = 24;
  const axisH = 40;
  const plotW = width - labelW - 44;
  const totals = s.rows.map((r) => r.values.reduce((a, b) => a + b, 0));
  const tk = ticks(niceMax(Math.max(1, ...totals)), 5, true);
  const step = tk[1] ?? 1;
  const max = Math.max(step, Math.ceil(Math.max(1, ...totals) / step) * step);
  while ((tk.at(-1) ?? 0) > max) tk.pop();
  const scale = (v: number) => (v / max) * plotW;
  const top = legendH + 6;
  const height = top + s.rows.length * rowH + axisH;
  const parts: string[] = [svgOpen(s, width, height, 'apps')];
  // Legend
  let lx = labelW;
  for (const ser of s.series) {
    parts.push(`<rect x="${n1(lx)}" y="6" width="14" height="14" fill="${ser.color}" stroke="#ffffff" stroke-width="0.5"/>`);
    parts.push(`<text x="${n1(lx + 19)}" y="17.5" font-size="12">${esc(ser.label)}</text>`);
    lx += 19 + textWidth(ser.label, 12) + 22;
  }
  // Grid
  for (const t of tk) {
    const x = labelW + scale(t);
    parts.push(`<line x1="${n1(x)}" x2="${n1(x)}" y1="${top}" y2="${top + s.rows.length * rowH}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${n1(x)}" y="${top + s.rows.length * rowH + 15}" text-anchor="middle" font-size="11" fill="${MUTED}">${t}</text>`);
  }
  parts.push(`<text x="${n1(labelW + plotW / 2)}" y="${height - 6}" text-anchor="middle" font-size="11.5" fill="${MUTED}">${esc(s.axisLabel)}</text>`);
  s.rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="${size}">${esc(fit(r.label, labelW - 14, size))}<title>${esc(r.label)}</title></text>`);
    let x = labelW;
    r.values.forEach((v, j) => {
      if (v <= 0) return;
      const w = scale(v);
      const ser = s.series[j]!;
      parts.push(`<rect x="${n1(x)}" y="${y + 4}" width="${n1(w)}" height="${rowH - 8}" fill="${ser.color}" stroke="#ffffff" stroke-width="0.75"><title>${esc(`${r.label} — ${ser.label}: ${v}`)}</title></rect>`);
      if (w >= textWidth(String(v), 11) + 6) {
        parts.push(`<text x="${n1(x + w / 2)}" y="${y + rowH / 2 + 4}" text-anchor="middle" font-size="11" fill="${ser.text}">${v}</text>`);
      }
      x += w;
    });
    parts.push(`<text x="${n1(x + 5)}" y="${y + rowH / 2 + 4}" font-size="11.5" font-weight="600">${totals[i]}</text>`);
  });
  parts.push(`<line x1="${labelW}" x2="${labelW}" y1="${top}" y2="${top + s.rows.length * rowH}" stroke="${INK}" stroke-width="1"/>`);
  parts.push('</svg>');
  return parts.join('');
}

// -------------------------------------------------------------------------------------------
export interface LineSeries {
  label: string;
  values: Array<number | null>;
}

export interface LineInput extends ChartFrame {
  /** One label per x position (runs, oldest first). */
  x: string[];
  series: LineSeries[];
  /** Fixed top of the y axis (100 for scores); otherwise a nice bound of the data. */
  yMax?: number;
  yLabel: string;
  integer?: boolean;
  format: (v: number) => string;
}

function marker(kind: string, x: number, y: number, color: string): string {
  const r = 3.6;
  switch (kind) {
    case 'square':
      return `<rect x="${n1(x - r)}" y="${n1(y - r)}" width="${n1(2 * r)}" height="${n1(2 * r)}" fill="${color}"/>`;
    case 'triangle':
      return `<path d="M${n1(x)} ${n1(y - r - 1)}L${n1(x + r + 0.5)} ${n1(y + r)}L${n1(x - r - 0.5)} ${n1(y + r)}Z" fill="${color}"/>`;
    case 'triangle-down':
      return `<path d="M${n1(x)} ${n1(y + r + 1)}L${n1(x + r + 0.5)} ${n1(y - r)}L${n1(x - r - 0.5)} ${n1(y - r)}Z" fill="${color}"/>`;
    case 'diamond':
      return `<path d="M${n1(x)} ${n1(y - r - 1)}L${n1(x + r + 1)} ${n1(y)}L${n1(x)} ${n1(y + r + 1)}L${n1(x - r - 1)} ${n1(y)}Z" fill="${color}"/>`;
    case 'cross':
      return `<path d="M${n1(x - r)} ${n1(y - r)}L${n1(x + r)} ${n1(y + r)}M${n1(x + r)} ${n1(y - r)}L${n1(x - r)} ${n1(y + r)}" stroke="${color}" stroke-width="2"/>`;
    case 'plus':
      return `<path d="M${n1(x - r)} ${n1(y)}L${n1(x + r)} ${n1(y)}M${n1(x)} ${n1(y - r)}L${n1(x)} ${n1(y + r)}" stroke="${color}" stroke-width="2"/>`;
    default:
      return `<circle cx="${n1(x)}" cy="${n1(y)}" r="${r}" fill="${color}"/>`;
  }
}

/** Spreads end labels apart vertically so that none overlap (keeps their order). */
export function spreadLabels(ys: number[], gap: number, min: number, max: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  const overflow = (placed.at(-1) ?? 0) - max;
  if (overflow > 0) for (let k = 0; k < placed.length; k++) placed[k] = placed[k]! - overflow;
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k]!, min + k * gap);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => {
    out[o.i] = placed[k]!;
  });
  return out;
}

/** A line chart over runs, with direct labels at the line ends, markers and dashes per series. */
export function lineChart(c: LineInput): string {
  const width = 800;
  const labelRoom = Math.min(190, Math.max(60, ...c.series.map((s) => textWidth(s.label, 11.5) + 16)));
  const left = 52;
  const right = labelRoom + 12;
  const rotate = c.x.length > 6;
  const top = 14;
  const bottom = rotate ? 78 : 46;
  const plotH = 230;
  const height = top + plotH + bottom;
  const plotW = width - left - right;
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = c.yMax ?? niceMax(Math.max(1, ...all));
  const tk = ticks(yMax, 5, c.integer);
  const xs = (i: number) => left + (c.x.length <= 1 ? plotW / 2 : (i / (c.x.length - 1)) * plotW);
  const ys = (v: number) => top + plotH - (v / yMax) * plotH;
  const parts: string[] = [svgOpen(c, width, height, 'trend')];
  for (const t of tk) {
    const y = ys(t);
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${n1(y)}" y2="${n1(y)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(`<text x="${left - 7}" y="${n1(y + 4)}" text-anchor="end" font-size="11" fill="${MUTED}">${esc(c.format(t))}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="${INK}" stroke-width="1"/>`);
  parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="${INK}" stroke-width="1"/>`);
  parts.push(`<text transform="translate(14 ${n1(top + plotH / 2)}) rotate(-90)" text-anchor="middle" font-size="11.5" fill="${MUTED}">${esc(c.yLabel)}</text>`);
  c.x.forEach((label, i) => {
    const x = xs(i);
    parts.push(`<line x1="${n1(x)}" x2="${n1(x)}" y1="${top + plotH}" y2="${top + plotH + 4}" stroke="${INK}"/>`);
    parts.push(
      rotate
        ? `<text transform="translate(${n1(x + 3)} ${top + plotH + 14}) rotate(-35)" text-anchor="end" font-size="11" fill="${MUTED}">${esc(label)}</text>`
        : `<text x="${n1(x)}" y="${top + plotH + 18}" text-anchor="middle" font-size="11" fill="${MUTED}">${esc(label)}</text>`,
    );
  });
  const ends: Array<{ y: number; label: string; color: string }> = [];
  c.series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length]!;
    const mk = MARKERS[k % MARKERS.length]!;
    const dash = DASHES[Math.floor(k / PALETTE.length) % DASHES.length]!;
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${n1(xs(i))} ${n1(ys(v))}`;
      pen = true;
    });
    parts.push(`<g><title>${esc(s.label)}</title>`);
    if (d.includes('L')) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(marker(mk, xs(i), ys(v), color));
    });
    parts.push('</g>');
    const lastI = s.values.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0).at(-1);
    if (lastI !== undefined) ends.push({ y: ys(s.values[lastI]!), label: s.label, color });
  });
  const placed = spreadLabels(ends.map((e) => e.y), 13, top + 4, top + plotH);
  ends.forEach((e, k) => {
    const x = left + plotW + 8;
    parts.push(`<text x="${x}" y="${n1(placed[k]! + 4)}" font-size="11.5" fill="${e.color}" font-weight="600">${esc(fit(e.label, labelRoom - 8, 11.5))}<title>${esc(e.label)}</title></text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Many series: one small chart per series on a shared scale (a line chart of 60 cities is unreadable). */
export function smallMultiples(c: LineInput): string {
  const cols = 4;
  const cellW = 196;
  const cellH = 104;
  const width = cols * cellW + 8;
  const rows = Math.ceil(c.series.length / cols);
  const height = rows * cellH + 8;
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = c.yMax ?? niceMax(Math.max(1, ...all));
  const parts: string[] = [svgOpen(c, width, height, 'trend')];
  c.series.forEach((s, k) => {
    const ox = 4 + (k % cols) * cellW;
    const oy = 4 + Math.floor(k / cols) * cellH;
    const pl = ox + 30;
    const pw = cellW - 44;
    const pt = oy + 22;
    const ph = cellH - 42;
    const xs = (i: number) => pl + (c.x.length <= 1 ? pw / 2 : (i / (c.x.length - 1)) * pw);
    const ys = (v: number) => pt + ph - (v / yMax) * ph;
    parts.push(`<text x="${ox + 4}" y="${oy + 13}" font-size="11.5" font-weight="600">${esc(fit(s.label, cellW - 12, 11.5))}<title>${esc(s.label)}</title></text>`);
    parts.push(`<line x1="${pl}" x2="${pl + pw}" y1="${pt + ph}" y2="${pt + ph}" stroke="${INK}"/>`);
    parts.push(`<line x1="${pl}" x2="${pl + pw}" y1="${pt}" y2="${pt}" stroke="${GRID}"/>`);
    parts.push(`<text x="${pl - 4}" y="${pt + 4}" text-anchor="end" font-size="10" fill="${MUTED}">${esc(c.format(yMax))}</text>`);
    parts.push(`<text x="${pl - 4}" y="${pt + ph + 4}" text-anchor="end" font-size="10" fill="${MUTED}">0</text>`);
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${n1(xs(i))} ${n1(ys(v))}`;
      pen = true;
    });
    if (d.includes('L')) parts.push(`<path d="${d}" fill="none" stroke="${PALETTE[0]}" stroke-width="1.8"/>`);
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(`<circle cx="${n1(xs(i))}" cy="${n1(ys(v))}" r="2.4" fill="${PALETTE[0]}"/>`);
    });
    const last = [...s.values].reverse().find((v) => v !== null);
    if (last !== undefined && last !== null) {
      parts.push(`<text x="${ox + cellW - 8}" y="${oy + 13}" text-anchor="end" font-size="11" fill="${MUTED}">${esc(c.format(last))}</text>`);
    }
    if (c.x.length > 0) {
      parts.push(`<text x="${pl}" y="${pt + ph + 14}" font-size="9.5" fill="${MUTED}">${esc(shorten(c.x[0]!, 12))}</text>`);
      if (c.x.length > 1) parts.push(`<text x="${pl + pw}" y="${pt + ph + 14}" text-anchor="end" font-size="9.5" fill="${MUTED}">${esc(shorten(c.x.at(-1)!, 12))}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A line chart up to seven series (one colour each), small multiples beyond. */
export function trendChart(c: LineInput): string {
  return c.series.length <= PALETTE.length ? lineChart(c) : smallMultiples(c);
}
