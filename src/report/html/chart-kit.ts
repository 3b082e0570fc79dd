// What every chart of the report shares (fonts, palette, axes, text fitting). The charts themselves
// are in charts.ts and line-charts.ts: small pure functions that draw SVG strings: no charting library, no
// script, no network. Every chart has a title and a description for screen readers, explicit
// width/height (and a viewBox, so it scales down on narrow screens and prints sharp), and uses the
// Okabe–Ito colour-blind-safe palette, with text labels and marker shapes so that no information
// is carried by colour alone.
import { esc, shorten } from './escape.ts';

export const FONT = "'Noto Sans', 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";

/** Okabe & Ito (2008), without yellow (too light for lines on white). */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const;
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross', 'plus'] as const;
export const DASHES = ['', '6 3', '2 3', '8 3 2 3'] as const;

export const INK = '#1a1a1a';
export const MUTED = '#5f6368';
export const GRID = '#e3e3e3';

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

export function svgOpen(f: ChartFrame, width: number, height: number, kind: string): string {
  const w = Math.round(width);
  const h = Math.round(height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(kind)}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
    `role="img" aria-labelledby="${esc(f.id)}-t ${esc(f.id)}-d" font-family="${esc(FONT)}" font-size="12" fill="${INK}">` +
    `<title id="${esc(f.id)}-t">${esc(f.title)}</title><desc id="${esc(f.id)}-d">${esc(f.desc)}</desc>`
  );
}

export const n1 = (v: number) => Math.round(v * 10) / 10;

export function labelColumnWidth(labels: readonly string[], size: number, min = 90, max = 210): number {
  return Math.min(max, Math.max(min, ...labels.map((l) => textWidth(l, size) + 14)));
}
