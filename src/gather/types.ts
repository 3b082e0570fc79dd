// Plain, serialisable facts about one fetched page. No judgement lives here: indicators decide
// what the facts mean. Every field must survive JSON.stringify / JSON.parse unchanged.

export type LinkKind =
  | 'internal' // same site (portal host or a host under the target's domains)
  | 'external' // another site
  | 'document' // a file: pdf, doc(x), xls(x), csv, zip, ppt(x), odt, ods, rar
  | 'social' // facebook, instagram, x/twitter, youtube, tiktok, linkedin
  | 'mailto'
  | 'tel'
  | 'whatsapp'; // wa.me, api.whatsapp.com, whatsapp://

export interface LinkFact {
  /** Absolute, normalised URL (or the raw mailto:/tel: target). */
  href: string;
  /** Visible text, or aria-label / title / img alt when the anchor has no text. Whitespace collapsed. */
  text: string;
  kind: LinkKind;
  /** True when the anchor (or an ancestor) is hidden by inline style or the `hidden` attribute. */
  hidden?: boolean;
  /** rel attribute when present (e.g. "nofollow"). */
  rel?: string;
}

export type FieldKind =
  | 'text'
  | 'email'
  | 'password'
  | 'file'
  | 'search'
  | 'select'
  | 'textarea'
  | 'hidden'
  | 'tel'
  | 'number'
  | 'date'
  | 'checkbox'
  | 'radio'
  | 'submit'
  | 'other';

export interface FormField {
  name: string;
  kind: FieldKind;
  /** Label text, placeholder or aria-label, whichever is found first. */
  label?: string;
}

export interface FormFact {
  method: 'get' | 'post';
  /** Absolute action URL (the page URL when the form has no action). */
  action: string;
  fields: FormField[];
  /** Words around the form: legend, submit text, the nearest heading before it, id/class names. */
  text: string;
}

export type DocumentType =
  | 'pdf' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'csv' | 'zip' | 'rar' | 'ppt' | 'pptx' | 'odt' | 'ods';

export interface DocumentFact {
  url: string;
  text: string;
  type: DocumentType;
  /** A four-digit year (1990..next year) found in the link text or file name. */
  year?: number;
}

export type DateSource = 'meta' | 'jsonld' | 'time' | 'text' | 'url' | 'relative';

export interface DateFact {
  /** Calendar date, YYYY-MM-DD. */
  iso: string;
  /** The text it was read from (short). */
  text: string;
  source: DateSource;
  /**
   * For a date read from the page's text: the words around it as on the page (capped), and for a
   * date printed without a year, where its year came from. Evidence shows it.
   */
  context?: string;
}

export interface MetaFact {
  title: string;
  lang?: string;
  viewport?: string;
  description?: string;
  generator?: string;
  canonical?: string;
  /** og:* properties without the prefix, e.g. { title, type, image, url }. */
  og: Record<string, string>;
}

export interface HeadingFact {
  level: number; // 1..6
  text: string;
}

export interface ImageStats {
  total: number;
  withoutAlt: number;
}

export interface PageFacts {
  meta: MetaFact;
  headings: HeadingFact[];
  links: LinkFact[];
  forms: FormFact[];
  documents: DocumentFact[];
  dates: DateFact[];
  /** Newest plausible date on the page (not in the future), YYYY-MM-DD. */
  newestDate?: string;
  /** Length of the visible text in characters. */
  textLength: number;
  /** Visible text, whitespace collapsed; past a bound (200 k characters) its start and end (see `cut`). */
  text: string;
  images: ImageStats;
  /** Filled by later stages (e.g. gambling_spam); gather leaves it empty. */
  flags: string[];
  /** Set when the page is an app shell that was read without rendering (why it looks like one). */
  appShell?: string;
  /** What of the page was not read or not kept in full; absent when everything was. */
  cut?: PageCut;
  /** Injected spam taken out of the page by the flag stage (how many items, one example); absent when none. */
  injected?: { removed: number; example: string };
}

/**
 * Where gather stopped short of the whole page, so that an indicator that finds nothing can say its
 * input was cut. Every field is absent when that part was read in full.
 */
export interface PageCut {
  /** HTML characters parsed, of `htmlLength`: the page was longer than the parse cap or nested too deep. */
  htmlRead?: number;
  htmlLength?: number;
  /** The HTML was cut where its elements nested deeper than this. */
  nesting?: number;
  /** Characters of visible text kept in `text` (its start and its end), of `textLength`. */
  textKept?: number;
  /** Headings kept, of `headingCount`. */
  headingsKept?: number;
  headingCount?: number;
  /** Reading the page took longer than the per-page budget (ms): nothing of it was read. */
  tooComplexMs?: number;
}

/** One line saying what a cut left out, for evidence notes. */
export function describeCut(c: PageCut, textLength: number): string {
  const parts: string[] = [];
  if (c.tooComplexMs !== undefined) parts.push(`not read: over the ${c.tooComplexMs} ms budget (too_complex)`);
  if (c.nesting !== undefined) parts.push(`HTML read to nesting depth ${c.nesting} (${c.htmlRead} of ${c.htmlLength} characters)`);
  else if (c.htmlRead !== undefined) parts.push(`HTML read ${c.htmlRead} of ${c.htmlLength} characters`);
  if (c.textKept !== undefined) parts.push(`text kept ${c.textKept} of ${textLength} characters (start and end)`);
  if (c.headingsKept !== undefined) parts.push(`headings kept ${c.headingsKept} of ${c.headingCount}`);
  return parts.join('; ');
}

/** What gather needs to know about the page besides its HTML. */
export interface GatherContext {
  /** Final URL of the page after redirects. */
  url: string;
  /** Decides whether a URL belongs to the city's own site. */
  isInternal: (url: URL) => boolean;
  /** Reference time for relative dates ("2 hari yang lalu") and the future-date cut. */
  now: Date;
  /** Max characters of visible text to keep (default DEFAULT_MAX_TEXT, 200 k). */
  maxText?: number;
  /**
   * Detach and intern the fact strings (default true) so that a kept page does not keep its whole
   * HTML alive. False when the facts are about to be copied to another thread anyway.
   */
  compact?: boolean;
}
