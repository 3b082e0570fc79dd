// The report's stylesheet (inline): readable system fonts, aligned tabular numbers, and a print
// layout (A4, no interactive bits, sections kept together, link targets printed for evidence).
export const STYLES = `
:root {
  --ink: #1a1a1a; --muted: #5f6368; --rule: #d0d4d9; --soft: #f6f7f8; --accent: #0072B2;
  --met: #009E73; --notmet: #D55E00; --na: #7a7a7a;
  --font: 'Noto Sans', 'DejaVu Sans', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif;
  --serif: 'Noto Serif', 'DejaVu Serif', Georgia, 'Times New Roman', serif;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--font); font-size: 14px; line-height: 1.45; color: var(--ink); background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
header.top { border-bottom: 2px solid var(--ink); padding-bottom: 14px; margin-bottom: 18px; }
h1 { font-family: var(--serif); font-size: 27px; line-height: 1.2; margin: 0 0 4px; font-weight: 700; }
.subtitle { color: var(--muted); margin: 0 0 12px; font-size: 14.5px; }
h2 { font-family: var(--serif); font-size: 21px; margin: 34px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 16px; margin: 0; display: inline; }
h4 { font-size: 14px; margin: 16px 0 6px; }
p.note, .note { color: var(--muted); font-size: 13px; margin: 2px 0 10px; }
a { color: #0b5394; text-decoration: none; }
a:hover { text-decoration: underline; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 22px; font-size: 13px; color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0 0; }
.tile { border: 1px solid var(--rule); border-radius: 4px; padding: 8px 14px; min-width: 128px; }
.tile .v { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
.tile .k { font-size: 12px; color: var(--muted); }
.warn { border-left: 4px solid var(--notmet); background: #fdf1ea; padding: 8px 12px; margin: 12px 0; }
nav.toc { font-size: 13px; margin: 10px 0 0; }
nav.toc a { margin-right: 14px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 7px; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; white-space: nowrap; vertical-align: bottom; }
tbody tr { border-bottom: 1px solid #e6e8eb; }
tbody tr:nth-child(even) { background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.score { background-image: linear-gradient(to right, #56B4E9 var(--v), #e6ebf0 var(--v)); background-repeat: no-repeat; background-size: calc(100% - 12px) 3px; background-position: 6px calc(100% - 3px); }
td.score.total { background-image: linear-gradient(to right, #0072B2 var(--v), #e6ebf0 var(--v)); font-weight: 700; }
table.overview td:first-child { white-space: nowrap; }
table.overview thead th { white-space: normal; min-width: 3.2em; }
table.overview th, table.overview td { padding: 6px 5px; } table.overview { font-size: 12.5px; }
table.indicators td:nth-child(1) { width: 32%; } table.indicators td:nth-child(2) { width: 15%; } table.indicators td:nth-child(3) { width: 9%; }
td.na { color: var(--na); }
th button.sort { all: unset; cursor: pointer; }
th button.sort:focus-visible { outline: 2px solid var(--accent); }
th[aria-sort="ascending"] button.sort::after { content: " ▲"; font-size: 10px; }
th[aria-sort="descending"] button.sort::after { content: " ▼"; font-size: 10px; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 10px; border: 1px solid transparent; white-space: nowrap; }
.ph-none { background: #e0e0e0; }
.ph-presence { background: #deebf7; }
.ph-interaction { background: #9ecae1; }
.ph-transaction { background: #2171b5; color: #fff; }
.ph-transformation { background: #08306b; color: #fff; }
.st-active { color: #005a8c; } .st-stale { color: #8a5a00; } .st-inactive { color: #b34700; font-weight: 600; } .st-unknown { color: var(--na); }
.res { white-space: nowrap; font-weight: 600; }
.res-met { color: var(--met); } .res-partial { color: #8a5a00; } .res-notmet { color: var(--notmet); } .res-na { color: var(--na); font-weight: 400; }
figure { margin: 14px 0 26px; page-break-inside: avoid; break-inside: avoid; }
figure .chart-wrap { overflow-x: auto; }
figcaption { font-size: 13px; color: var(--muted); margin: 0 0 6px; }
figcaption b { color: var(--ink); font-size: 14.5px; display: block; margin-bottom: 1px; }
svg.chart { display: block; max-width: 100%; height: auto; }
section.city { border-top: 1px solid var(--rule); padding: 10px 0 4px; }
section.city summary { cursor: pointer; list-style-position: outside; padding: 2px 0; }
section.city summary .sum { color: var(--muted); font-size: 13px; margin-left: 10px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 13px; margin: 8px 0 10px; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
tr.group td { background: #eef1f4; font-weight: 600; border-top: 1px solid var(--rule); }
td.ev { max-width: 460px; overflow-wrap: anywhere; }
td.ev .q { color: var(--muted); display: block; font-size: 12.5px; }
.url { overflow-wrap: anywhere; }
td.wrap { overflow-wrap: anywhere; max-width: 380px; }
.more { color: var(--muted); font-style: italic; font-size: 13px; margin: 6px 0 0; }
.toolbar { margin: 6px 0 8px; }
.toolbar button { font: inherit; font-size: 12.5px; padding: 2px 10px; border: 1px solid var(--rule); background: #fff; border-radius: 3px; cursor: pointer; }
footer { margin-top: 40px; border-top: 1px solid var(--rule); padding-top: 10px; font-size: 12.5px; color: var(--muted); }
ul.files { margin: 4px 0 0; padding-left: 18px; font-size: 13px; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 12.5px; }
/* Phones (a 390 px screen): the page keeps the screen's width and wide things scroll inside their
   own box — tables and charts — at their natural size, so no text shrinks below reading size. */
@media screen and (max-width: 760px) {
  main { padding: 16px 12px 32px; }
  h1 { font-size: 23px; }
  table { display: block; overflow-x: auto; max-width: 100%; }
  table.indicators td:nth-child(1), table.indicators td:nth-child(2), table.indicators td:nth-child(3) { width: auto; }
  td.ev, td.wrap { max-width: 260px; min-width: 180px; }
  svg.chart { max-width: none; }
  dl.facts { grid-template-columns: 1fr; gap: 0; }
  dl.facts dd { margin: 0 0 6px; }
  .tile { min-width: 0; flex: 1 1 40%; }
  section.city summary .sum { display: block; margin-left: 0; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc, .toolbar, th button.sort::after { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  tr, figure, dl.facts { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; }
  td.ev a::after { content: " <" attr(href) ">"; font-size: 8pt; color: #555; overflow-wrap: anywhere; }
  section.city { break-before: auto; }
  tbody tr:nth-child(even), td.score { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
