// The Indonesian report in one language. The CSV files keep egovscan's sentences in English (they
// are data, and codes such as `http_404` stay codes); report.html with `--lang id` shows them in
// Indonesian: phase_reason and the notes of indicators are built from a few fixed phrases and the
// rubric's indicator names, so a phrase table and the rubric's Indonesian names cover them.

export interface NamePair {
  en: string;
  id?: string;
}

// Longest first where one phrase contains another. The right side is what a reader sees.
const PHRASES: Array<[RegExp, string]> = [
  [/\breachable but the front page is an empty app shell that was not rendered\b/g, 'dapat diakses, tetapi halaman depannya cangkang aplikasi kosong yang tidak dirender'],
  [/: not judged; crawl with --render auto and Chromium installed/g, ': tidak dinilai; rayapi dengan --render auto dan Chromium terpasang'],
  [/\breachable but every page read \((\d+)\) is spam or defaced: no government content of its own/g, 'dapat diakses, tetapi setiap halaman yang dibaca ($1) berisi spam atau telah dirusak: tidak ada konten pemerintahan sendiri'],
  [/\breachable but shows no government content of its own\b/g, 'dapat diakses, tetapi tidak menampilkan konten pemerintahan sendiri'],
  [/\breachable but no page could be read\b/g, 'dapat diakses, tetapi tidak ada halaman yang dapat dibaca'],
  [/\breachable but below presence\b/g, 'dapat diakses, tetapi di bawah tahap kehadiran'],
  [/\bportal unreachable\b/g, 'portal tidak dapat diakses'],
  [/(\d+) pages? read\b/g, '$1 halaman dibaca'],
  [/(\d+) characters of text: a placeholder, default page or empty app shell; --render always shows a client-rendered portal/g, '$1 karakter teks: halaman sementara, halaman bawaan, atau cangkang aplikasi kosong; --render always menampilkan portal yang dirender di peramban'],
  [/\bcompromised: /g, 'disusupi: '],
  [/(\d+) pages? with injected gambling links, judged without them/g, '$1 halaman dengan tautan judi yang disusupkan, dinilai tanpa tautan itu'],
  [/(\d+) spam or defaced pages? not judged/g, '$1 halaman spam atau yang dirusak tidak dinilai'],
  [/\(e\.g\. /g, '(mis. '],
  [/\bmissing for (presence|interaction|transaction|transformation): /g, 'kurang untuk tahap $1: '],
  [/^(presence|interaction|transaction|transformation): /g, 'tahap $1: '],
  [/; (presence|interaction|transaction|transformation): /g, '; tahap $1: '],
  [/\bone of \(/g, 'salah satu dari ('],
  [/(\d+) more of \(/g, '$1 lagi dari ('],
  [/\bnot measured \(run with --lighthouse\)/g, 'tidak diukur (jalankan dengan --lighthouse)'],
  [/\bnot assessed: nothing to check for\b/g, 'tidak dinilai: tidak ada yang dapat diperiksa untuk'],
  [/\bnot assessed\b/g, 'tidak dinilai'],
  [/\bno document from (\d{4}) or later\b/g, 'tidak ada dokumen dari $1 atau sesudahnya'],
  [/\bfrom (\d{4}) or later\b/g, 'dari $1 atau sesudahnya'],
  [/\bno document: /g, 'tidak ada dokumen: '],
  [/\bnone of: /g, 'tidak ada: '],
  [/\bno link to\b/g, 'tidak ada tautan ke'],
  [/\bno upload form\b/g, 'tidak ada formulir unggah'],
  [/\bno login form\b/g, 'tidak ada formulir masuk'],
  [/\bno tracking form\b/g, 'tidak ada formulir pelacakan'],
  [/\bno payment form\b/g, 'tidak ada formulir pembayaran'],
  [/\bno complaint form\b/g, 'tidak ada formulir pengaduan'],
  [/\bno search form\b/g, 'tidak ada formulir pencarian'],
  [/\bno dated page\b/g, 'tidak ada halaman bertanggal'],
  [/(\d+) days before the crawl/g, '$1 hari sebelum perayapan'],
  [/(\d+) of (\d+) links\b/g, '$1 dari $2 tautan'],
  [/(\d+) of (\d+) groups\b/g, '$1 dari $2 kelompok'],
  [/(\d+) of (\d+) pages\b/g, '$1 dari $2 halaman'],
  [/\bviewport: none\b/g, 'viewport: tidak ada'],
  [/\binput cut at\b/g, 'masukan dipotong pada'],
  [/\bcharacters\b/g, 'karakter'],
];

const PHASE_ID: Record<string, string> = {
  presence: 'kehadiran',
  interaction: 'interaksi',
  transaction: 'transaksi',
  transformation: 'transformasi',
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` (one of egovscan's sentences) in Indonesian: the rubric's indicator names first (longest
 * first, so that "e-mail, WhatsApp or chat contact" is not taken apart by "contact channels"),
 * then the fixed phrases. Text egovscan quotes from a page is Indonesian already and stays as it is.
 */
export function toIndonesian(text: string, names: readonly NamePair[] = []): string {
  let out = text;
  const pairs = names.filter((n) => n.id && n.id !== n.en && n.en.length > 2).sort((a, b) => b.en.length - a.en.length);
  for (const n of pairs) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n.en)}(?![\\p{L}\\p{N}])`, 'gu'), n.id!);
  for (const [re, to] of PHRASES) out = out.replace(re, to);
  return out.replace(/\btahap (presence|interaction|transaction|transformation)\b/g, (_, p: string) => `tahap ${PHASE_ID[p]}`);
}
