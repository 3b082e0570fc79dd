// egovscan.xlsx: the run's tables in one workbook for people who open files by double-clicking.
// A comma CSV opened in Indonesian Excel (list separator `;`, decimal mark `,`) lands in one column
// with scores read as text; a workbook has no separator to guess. Numbers are written as numbers,
// dates as dates, URLs as hyperlinks, and every text as a text value — never a formula, so a page
// title such as "=HYPERLINK(…)" stays the text it was.
// exceljs costs ~30 MB of memory once loaded: it is loaded when a workbook is written, not with the
// report stage (a crawl holds it through the whole run otherwise).
import type ExcelJS from 'exceljs';
import { describeColumn, fileDef, type FileDef } from './dictionary.ts';
import type { ColumnType } from './columns.ts';
import type { Lang } from './html/i18n.ts';
import { tableFromCsv } from './read-run.ts';

/** Sheets in order: the file they come from and their names in each language. */
export const WORKBOOK_SHEETS: ReadonlyArray<{ file: string; en: string; id: string }> = [
  { file: 'cities.csv', en: 'cities', id: 'kota' },
  { file: 'criteria.csv', en: 'criteria', id: 'kriteria' },
  { file: 'applications.csv', en: 'applications', id: 'aplikasi' },
  { file: 'links.csv', en: 'links', id: 'tautan' },
  { file: 'comparison.csv', en: 'comparison', id: 'perbandingan' },
  { file: 'history.csv', en: 'history', id: 'riwayat' },
  { file: 'dictionary.csv', en: 'dictionary', id: 'kamus' },
];

// Column labels in Indonesian, word by word from the column names (`apps_active` → "aplikasi
// aktif"); a word not listed stays as it is (ids, codes, Lighthouse terms).
const ID_WORDS: Record<string, string> = {
  run: 'run', city: 'kota', name: 'nama', score: 'skor', total: 'total', phase: 'fase', reason: 'alasan',
  rank: 'peringkat', apps: 'aplikasi', app: 'aplikasi', active: 'aktif', stale: 'usang', inactive: 'mati',
  unknown: 'tak diketahui', broken: 'rusak', links: 'tautan', link: 'tautan', pages: 'halaman', page: 'halaman',
  crawled: 'dirayapi', flagged: 'bertanda', criterion: 'kriteria', indicator: 'indikator', met: 'terpenuhi',
  points: 'poin', max: 'maks', evidence: 'bukti', text: 'teks', status: 'status', category: 'kategori',
  source: 'sumber', http: 'http', last: 'terakhir', updated: 'diperbarui', first: 'pertama', seen: 'terlihat',
  alive: 'hidup', changed: 'perubahan', detail: 'rincian',
  final: 'akhir', found: 'ditemukan', on: 'di', kind: 'jenis', content: 'konten', type: 'tipe', bytes: 'bita',
  rendered: 'dirender', title: 'judul', newest: 'terbaru', date: 'tanggal', flags: 'tanda', depth: 'kedalaman',
  from: 'dari', to: 'ke', started: 'mulai', finished: 'selesai', at: 'pada', file: 'berkas', column: 'kolom',
  description: 'keterangan', unit: 'satuan', degraded: 'terganggu', reachable: 'terjangkau',
  websites: 'situs web', platforms: 'platform', mobile: 'seluler', ind: 'ind', transparency: 'transparansi',
  service: 'layanan', efficiency: 'efisiensi', economy: 'ekonomi', aspiration: 'aspirasi', display: 'tampilan',
  update: 'pembaruan', runs: 'run', before: 'sebelum', after: 'sesudah', what: 'apa', url: 'URL', id: 'id',
};

const ID_NAMES: Record<string, string> = {
  failures_in_a_row: 'kegagalan berturut-turut',
  allowed_words: 'kata yang diizinkan',
  last_seen_alive: 'terakhir terlihat hidup',
};

export function columnLabel(name: string, lang: Lang): string {
  if (lang !== 'id') return name.replace(/_/g, ' ');
  if (ID_NAMES[name]) return ID_NAMES[name];
  return name
    .split('_')
    .map((w) => ID_WORDS[w] ?? w)
    .filter((w) => w !== '')
    .join(' ');
}

const URL_COLUMN = /(?:^|_)(?:url|found_on|portal)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A CSV cell as the spreadsheet value its column's type says it is. */
export function cellValue(type: ColumnType, column: string, raw: string): ExcelJS.CellValue {
  if (raw === '') return null;
  switch (type) {
    case 'integer':
    case 'number': {
      const n = Number(raw);
      return Number.isFinite(n) && /^-?\d/.test(raw) ? n : raw;
    }
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'date': {
      const m = DATE.exec(raw);
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : raw;
    }
    case 'datetime': {
      const t = Date.parse(raw);
      return Number.isNaN(t) ? raw : new Date(t);
    }
    default:
      // Only web addresses become links: a javascript: or file: text stays text.
      if (URL_COLUMN.test(column) && /^https?:\/\/\S+$/i.test(raw) && raw.length < 2000) return { text: raw, hyperlink: raw };
      return raw;
  }
}

const NUM_FMT: Partial<Record<ColumnType, string>> = { date: 'yyyy-mm-dd', datetime: 'yyyy-mm-dd hh:mm:ss' };

/**
 * Writes the workbook from the CSV texts of a run folder (those present). Two header rows: the
 * label in the report's language, then the column name as in the CSV (for joins and scripts); both
 * are frozen and the second carries the filter.
 */
export async function writeWorkbook(path: string, csv: ReadonlyMap<string, string>, files: readonly FileDef[], lang: Lang): Promise<number> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = 'egovscan';
  let sheets = 0;
  for (const s of WORKBOOK_SHEETS) {
    const text = csv.get(s.file);
    if (text === undefined) continue;
    const table = tableFromCsv(text);
    const def = fileDef(files, s.file);
    const types = table.columns.map((c) => describeColumn(def, c).type);
    const ws = wb.addWorksheet(lang === 'id' ? s.id : s.en, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.columns = table.columns.map((c, i) => ({
      key: c,
      width: Math.min(60, Math.max(10, c.length + 2, ...(types[i] === 'string' ? [18] : []))),
      ...(NUM_FMT[types[i]!] ? { style: { numFmt: NUM_FMT[types[i]!]! } } : {}),
    }));
    const label = ws.addRow(table.columns.map((c) => columnLabel(c, lang)));
    label.font = { bold: true };
    label.commit();
    const names = ws.addRow(table.columns);
    names.font = { italic: true, color: { argb: 'FF666666' } };
    names.commit();
    if (table.columns.length > 0) ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: table.columns.length } };
    for (const row of table.rows) {
      const r = ws.addRow(table.columns.map((c, i) => cellValue(types[i]!, c, row[c] ?? '')));
      r.eachCell((cell) => {
        if (cell.value && typeof cell.value === 'object' && 'hyperlink' in cell.value) cell.font = { color: { argb: 'FF1155CC' }, underline: true };
      });
      r.commit();
    }
    ws.commit();
    sheets++;
  }
  await wb.commit();
  return sheets;
}
