// Static checks of page markup that stand in for a measured audit until one exists: a mobile
// viewport, a declared language, a real title, images with alt text, a light front page.
import { z } from 'zod';
import type { DetectorKind, FactPage } from '../types.ts';

export const PAGE_CHECKS = ['viewport', 'lang', 'title', 'image_alt', 'max_bytes', 'https', 'description'] as const;
type Check = (typeof PAGE_CHECKS)[number];

const schema = z.strictObject({
  kind: z.literal('page'),
  check: z.enum(PAGE_CHECKS),
  /** home: the front page only; pages: the share of read pages that pass. */
  scope: z.enum(['home', 'pages']).optional(),
  /** Share of pages that must pass with scope pages (default 0.8). */
  min_share: z.number().gt(0).max(1).optional(),
  /** title: minimum length (default 10); image_alt: share of images with alt (default 0.9); max_bytes: the limit. */
  threshold: z.number().positive().optional(),
});
export type PageCheckConfig = z.infer<typeof schema>;

/** ok undefined: nothing on the page to judge (a page without images has no alt text to check). */
function judge(check: Check, p: FactPage, threshold: number | undefined): { ok: boolean | undefined; text: string } {
  const m = p.facts.meta;
  switch (check) {
    case 'viewport': {
      const ok = !!m.viewport && /width\s*=\s*device-width/i.test(m.viewport);
      return { ok, text: `viewport: ${m.viewport ?? 'none'}` };
    }
    case 'lang':
      return { ok: !!m.lang && /^[a-z]{2,3}(-|$)/i.test(m.lang), text: `lang: ${m.lang ?? 'none'}` };
    case 'title': {
      const min = threshold ?? 10;
      return { ok: m.title.trim().length >= min, text: `title: ${m.title || '(empty)'}` };
    }
    case 'description':
      return { ok: (m.description ?? '').trim().length >= (threshold ?? 30), text: `description: ${m.description ?? 'none'}` };
    case 'image_alt': {
      const { total, withoutAlt } = p.facts.images;
      if (total === 0) return { ok: undefined, text: 'no images' };
      return { ok: (total - withoutAlt) / total >= (threshold ?? 0.9), text: `${total - withoutAlt} of ${total} images have alt text` };
    }
    case 'max_bytes': {
      const limit = threshold ?? 1_500_000;
      return { ok: p.record.bytes > 0 && p.record.bytes <= limit, text: `${p.record.bytes} bytes (limit ${limit})` };
    }
    case 'https':
      return { ok: p.url.startsWith('https:'), text: p.url };
  }
}

export const pageCheck: DetectorKind<PageCheckConfig> = {
  kind: 'page',
  schema,
  start(c, ctx) {
    if ((c.scope ?? 'home') === 'home') {
      return {
        settled: true,
        finish() {
          if (!ctx.home) return { met: null, evidence: [], note: 'front page not read' };
          const r = judge(c.check, ctx.home, c.threshold);
          if (r.ok === undefined) return { met: null, evidence: [], note: `not assessed: ${r.text} on the front page` };
          return { met: r.ok, value: r.ok ? 1 : 0, evidence: [{ url: ctx.home.url, text: r.text.slice(0, 160) }] };
        },
      };
    }
    // The first three passing and failing pages are enough for the evidence; the rest are counted.
    const shown = { pass: [] as Array<{ url: string; text: string }>, fail: [] as Array<{ url: string; text: string }> };
    let judged = 0;
    let passing = 0;
    return {
      page(p) {
        const r = judge(c.check, p, c.threshold);
        if (r.ok === undefined) return;
        judged++;
        if (r.ok) passing++;
        const list = r.ok ? shown.pass : shown.fail;
        if (list.length < 3) list.push({ url: p.url, text: r.text });
      },
      finish() {
        if (ctx.pagesRead === 0) return { met: null, evidence: [], note: 'no page read' };
        if (judged === 0) return { met: null, evidence: [], note: `not assessed: nothing to check for ${c.check}` };
        const met = passing / judged >= (c.min_share ?? 0.8);
        // Evidence shows passing pages when met and failing ones when not: the rows a reader checks.
        return {
          met,
          value: met ? 1 : 0,
          evidence: (met ? shown.pass : shown.fail).map((x) => ({ url: x.url, text: `${x.text} (${passing}/${judged} pages pass)`.slice(0, 160) })),
        };
      },
    };
  },
  summary: (c) =>
    `page check ${c.check}${c.threshold !== undefined ? ` ${c.threshold}` : ''} on ${c.scope === 'pages' ? `≥ ${Math.round((c.min_share ?? 0.8) * 100)} % of pages` : 'the front page'}`,
};
