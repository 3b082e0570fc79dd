// Channel of an application (G2C / G2B / G2G / G2E) when the targets file does not say it, inferred
// from words in its name and URL. The reason is written next to it so that a researcher can
// overrule a wrong guess by adding the category to the targets file.
import type { Category } from './types.ts';

interface Rule {
  category: Category;
  /** Matched anywhere (long, distinctive words). */
  words: string[];
  /** Matched as whole tokens only (short words that hide inside others: asn, oss, bkd). */
  tokens?: string[];
}

// Order matters: the first rule that matches wins. Employee and internal-government systems are
// tested before business ones because their names are the most specific ("e-kinerja pegawai").
const RULES: Rule[] = [
  {
    category: 'G2E',
    words: ['simpeg', 'kinerja', 'absensi', 'presensi', 'pegawai', 'kepegawaian', 'eoffice', 'e-office',
      'srikandi', 'persuratan', 'esurat', 'e-surat', 'bkpsdm', 'sikep', 'e-cuti', 'ecuti', 'gaji', 'e-tpp', 'etpp',
      'e-absen', 'eabsen', 'sdm aparatur', 'tata naskah', 'tnde'],
    tokens: ['asn', 'bkd', 'bkpp', 'tpp', 'pns'],
  },
  {
    category: 'G2G',
    words: ['sipd', 'e-planning', 'eplanning', 'e-budgeting', 'ebudgeting', 'musrenbang', 'inspektorat',
      'e-monev', 'emonev', 'monev', 'sakip', 'simda', 'sipkd', 'perencanaan', 'devplan', 'e-controlling',
      'econtrolling', 'simral', 'e-audit', 'keuangan daerah', 'e-rka', 'penganggaran', 'lkpj', 'e-lkpj',
      'sirenbang', 'simonev'],
  },
  {
    category: 'G2B',
    words: ['izin', 'perizinan', 'usaha', 'investasi', 'invest', 'pengadaan', 'lpse', 'spse', 'tender',
      'lelang', 'sicantik', 'sirup', 'katalog', 'inaproc', 'ptsp', 'dpmptsp', 'umkm', 'koperasi', 'bisnis',
      'sswalfa', 'single window', 'imb', 'pbg', 'retribusi usaha'],
    tokens: ['oss', 'ssw', 'ukm'],
  },
];

/** Public-service words that confirm the default, so the reason can name them. */
const G2C_WORDS = ['pengaduan', 'aduan', 'lapor', 'aspirasi', 'adminduk', 'dukcapil', 'kependudukan', 'pajak',
  'pbb', 'bphtb', 'kesehatan', 'puskesmas', 'rsud', 'ppdb', 'sekolah', 'pendidikan', 'ppid', 'jdih', 'data',
  'statistik', 'parkir', 'bansos', 'kerja', 'loker', 'pariwisata', 'wisata', 'perpustakaan', 'antrian',
  'layanan', 'warga', 'kependudukan', 'akta', 'ktp', 'sampah', 'ambulans', 'darurat', '112', 'cctv'];

function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
}

export interface CategoryGuess {
  category: Category;
  reason: string;
}

/** Infers the channel from the application's name and URL (host and path). */
export function inferCategory(name: string, url: string): CategoryGuess {
  let where = '';
  try {
    const u = new URL(url);
    where = `${u.hostname} ${decodeURIComponent(u.pathname)}`;
  } catch {
    where = url;
  }
  const fields: Array<[string, string]> = [['name', name.toLowerCase()], ['url', where.toLowerCase()]];
  for (const rule of RULES) {
    for (const [label, text] of fields) {
      const word = rule.words.find((w) => text.includes(w));
      if (word) return { category: rule.category, reason: `inferred: "${word}" in ${label}` };
      const toks = tokens(text);
      const token = rule.tokens?.find((t) => toks.has(t));
      if (token) return { category: rule.category, reason: `inferred: "${token}" in ${label}` };
    }
  }
  for (const [label, text] of fields) {
    const word = G2C_WORDS.find((w) => text.includes(w));
    if (word) return { category: 'G2C', reason: `inferred: "${word}" in ${label}` };
  }
  return { category: 'G2C', reason: 'default: public service (no channel words found)' };
}
