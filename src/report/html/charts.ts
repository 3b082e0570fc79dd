// The report's grid and bar charts as SVG strings: no charting library, no script, no network.
// Every chart has a title and a description for screen readers, explicit width/height and a viewBox,
// and the Okabe–Ito colour-blind-safe palette with text labels, so no information is carried by colour
// alone. Line charts are in line-charts.ts, what both share in chart-kit.ts.
import { esc } from './escape.ts';
import { INK, MUTED, GRID, textWidth, fit, niceMax, ticks, svgOpen, n1, labelColumnWidth, type ChartFrame } from './chart-kit.ts';

export { FONT, PALETTE, niceMax, ticks, textWidth, fit, type ChartFrame } from './chart-kit.ts';
export { lineChart, smallMultiples, spreadLabels, trendChart, type LineInput, type LineSeries } from './line-charts.ts';

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

