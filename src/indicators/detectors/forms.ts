// Forms by what a citizen can do with them. The structure (a password field, a file field, a
// search field) says what kind of form it is; the words around it say for whom. A login form next
// to "Admin", "Pegawai" or "Operator" is for staff and earns nothing for citizens.
import { z } from 'zod';
import type { FormFact } from '../../gather/types.ts';
import { KeywordSet, urlWords } from '../text.ts';
import type { DetectorKind, FactPage } from '../types.ts';
import { EvidenceList, keywordList, listSummary, minField, minSummary, outcome, partialField } from './common.ts';
import { formWords } from './keywords.ts';

export const FORM_KINDS = ['search', 'login', 'upload', 'complaint', 'payment', 'tracking', 'any'] as const;
export type FormKind = (typeof FORM_KINDS)[number];

const SEARCH_NAMES = /^(q|s|k|search|cari|keyword|kata_?kunci|query|kw)$/i;
const TEXTUAL = new Set(['text', 'search', 'number', 'tel', 'email']);

/** Words a search box is labelled or sent with: "Cari…", "Pencarian", /berita/cari, /search. */
const SEARCH_WORDS = /(?:^|[^\p{L}])(?:cari|pencarian|search|telusuri|temukan)(?:[^\p{L}]|$)/iu;

const LOOKUP_WORDS = /(?:^|[^\p{L}])(?:lacak|track\w*|status|nomor|resi|tiket|registrasi|nik|nop|bayar|tagihan|billing|permohonan|pengaduan|cek|kode)(?:[^\p{L}]|$)/iu;

/**
 * A site search: a search field, or one or two text boxes and nothing a login, message or upload
 * needs, named, labelled or sent as a search. Many CodeIgniter and Laravel portals send their
 * search with POST (`<form method="post" action="/berita/cari">`); the method does not decide.
 */
function isSearch(f: FormFact): boolean {
  if (f.fields.some((x) => x.kind === 'search')) return true;
  if (f.fields.some((x) => x.kind === 'password' || x.kind === 'textarea' || x.kind === 'file')) return false;
  const boxes = f.fields.filter((x) => TEXTUAL.has(x.kind));
  if (boxes.length === 0 || boxes.some((x) => x.kind === 'email' || x.kind === 'tel')) return false;
  if (boxes.some((x) => SEARCH_NAMES.test(x.name))) return f.method === 'get' || boxes.length <= 2;
  if (boxes.length > 2) return false;
  // "Cari" on a button also looks up an application, a bill or an NIK: that is tracking or payment.
  const said = `${f.text} ${f.fields.map((x) => `${x.name} ${x.label ?? ''}`).join(' ')}`;
  if (LOOKUP_WORDS.test(said)) return false;
  if (boxes.some((x) => SEARCH_WORDS.test(x.label ?? ''))) return true;
  let path = '';
  try {
    path = new URL(f.action).pathname;
  } catch {
    path = f.action;
  }
  return SEARCH_WORDS.test(path.replace(/[-_/.]+/g, ' ')) || SEARCH_WORDS.test(f.text);
}

/**
 * Structure each kind needs; the rubric's `words` and `exclude` decide the rest. A site search
 * box is never a payment or tracking form, even when the nearest heading above it talks about QRIS.
 */
const STRUCTURE: Record<FormKind, (f: FormFact) => boolean> = {
  search: isSearch,
  login: (f) => f.fields.some((x) => x.kind === 'password'),
  upload: (f) => f.fields.some((x) => x.kind === 'file'),
  complaint: (f) => f.fields.some((x) => x.kind === 'textarea'),
  payment: (f) => !isSearch(f) && !f.fields.some((x) => x.kind === 'password') && f.fields.some((x) => TEXTUAL.has(x.kind) || x.kind === 'select'),
  tracking: (f) => !isSearch(f) && !f.fields.some((x) => x.kind === 'password' || x.kind === 'file') && f.fields.some((x) => TEXTUAL.has(x.kind)),
  any: (f) => f.fields.some((x) => x.kind !== 'hidden' && x.kind !== 'submit'),
};

const schema = z.strictObject({
  kind: z.literal('form'),
  form: z.enum(FORM_KINDS),
  /** At least one of these words must be in the form's text, labels, field names or action. */
  words: keywordList.optional(),
  exclude: keywordList.optional(),
  min: minField,
  partial: partialField,
});
export type FormConfig = z.infer<typeof schema>;

export const form: DetectorKind<FormConfig> = {
  kind: 'form',
  schema,
  start(c, ctx) {
    const words = KeywordSet.of(c.words);
    const exclude = KeywordSet.of(c.exclude);
    const ev = new EvidenceList();
    const seen = new Set<string>();
    const page = (p: FactPage) => {
      for (const f of p.facts.forms) {
        if (!STRUCTURE[c.form](f)) continue;
        const text = formWords(f);
        const hay = `${text} ${urlWords(f.action)}`;
        if (exclude.anyIn(hay, ctx.text)) continue;
        if (!words.empty && !words.anyIn(hay, ctx.text)) continue;
        // The same form in a site-wide header counts once.
        const key = `${f.action}|${f.fields.map((x) => x.name).join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ev.add(p.url, `${c.form} form: ${text || f.fields.map((x) => x.label ?? x.name).join(', ')}`);
      }
    };
    return { page, finish: () => outcome(seen.size, c.min, c.partial, ev, `no ${c.form} form`) };
  },
  summary: (c) =>
    `${c.form} form${c.words ? ` with ${listSummary(c.words, 3)}` : ''}${minSummary(c.min, c.partial)}${c.exclude ? `; not ${listSummary(c.exclude, 3)}` : ''}`,
};
