// The report's line charts (history of scores and applications over runs) as SVG strings; see
// chart-kit.ts for what every chart shares.
import { esc, shorten } from './escape.ts';
import { PALETTE, MARKERS, DASHES, INK, MUTED, GRID, textWidth, fit, niceMax, ticks, svgOpen, n1, type ChartFrame } from './chart-kit.ts';

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
/** The path of a series: a gap (null) lifts the pen, so a missing run is not drawn as a line. */
function linePath(values: ReadonlyArray<number | null>, xs: (i: number) => number, ys: (v: number) => number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${n1(xs(i))} ${n1(ys(v))}`;
    pen = true;
  });
  return d;
}

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
    const d = linePath(s.values, xs, ys);
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
    const d = linePath(s.values, xs, ys);
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
