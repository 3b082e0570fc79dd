// `--render never|auto|always` as one function the crawl's `analyse` calls for each fetched page:
// it returns the facts to keep (from the rendered DOM when the page was rendered, else from the
// static HTML) and says whether and why the page was rendered. One step per city: in auto mode
// the portal's home page is always rendered once, and when its rendered links clearly outnumber
// the static ones the whole city is treated as client-rendered.

import type { PageFacts } from '../gather/types.ts';
import { linkCountsDiffer, looksLikeAppShell } from './app-shell.ts';
import { isRenderFailure, type Renderer } from './types.ts';

export type RenderMode = 'never' | 'auto' | 'always';

export interface RenderDecision {
  rendered: boolean;
  /** `always`, `never`, `no_browser`, `static`, `empty_root #app`, `links_differ 2→31`, `site_client_rendered`, … */
  why: string;
  /** Render failed: the static facts were kept. */
  error?: string;
  /** Requests the page tried in the browser that the gate refused (0 when it was not opened in one). */
  blocked?: number;
}

export interface StepResult {
  facts: PageFacts;
  /** URL the facts were read against (the rendered document's URL when rendered). */
  url: string;
  render: RenderDecision;
}

export interface RenderStepOptions {
  mode: RenderMode;
  /** Absent when no Chromium was found: every page is static (`no_browser`). */
  renderer?: Renderer;
  /** The caller's gather: HTML + page URL → facts (the same function for static and rendered pages). */
  gather: (html: string, url: string) => PageFacts | Promise<PageFacts>;
  /** Auto mode: render the home page (depth 0) even when it does not look like a shell, and compare links. Default true. */
  probeHome?: boolean;
}

export interface RenderStep {
  (page: { html: string; finalUrl: string }, depth: number): Promise<StepResult>;
  /** True once the home-page probe found that the site builds its links in the browser. */
  readonly siteClientRendered: boolean;
}

export function createRenderStep(opts: RenderStepOptions): RenderStep {
  const probeHome = opts.probeHome ?? true;
  let siteClientRendered = false;

  const render = async (url: string, staticFacts: PageFacts, why: string, finalUrl: string): Promise<StepResult> => {
    const out = await opts.renderer!.render(url);
    const blocked = out.blocked ?? 0;
    if (isRenderFailure(out)) return { facts: staticFacts, url: finalUrl, render: { rendered: false, why, error: out.error, blocked } };
    if (out.status >= 400) {
      return { facts: staticFacts, url: finalUrl, render: { rendered: false, why, error: `rendered page answered ${out.status}`, blocked } };
    }
    return { facts: await opts.gather(out.html, out.finalUrl), url: out.finalUrl, render: { rendered: true, why, blocked } };
  };

  const step = async (page: { html: string; finalUrl: string }, depth: number): Promise<StepResult> => {
    const staticFacts = await opts.gather(page.html, page.finalUrl);
    const keep = (why: string): StepResult => ({ facts: staticFacts, url: page.finalUrl, render: { rendered: false, why } });
    if (opts.mode === 'never' || !opts.renderer) {
      // Not rendered: an app shell read as it was served shows nothing of the portal, and the
      // phase must say so rather than judge the empty shell.
      const shell = looksLikeAppShell(page.html, staticFacts);
      if (shell.render) staticFacts.appShell = shell.why;
      return keep(opts.mode === 'never' ? 'never' : 'no_browser');
    }
    if (opts.mode === 'always') return render(page.finalUrl, staticFacts, 'always', page.finalUrl);

    const shell = looksLikeAppShell(page.html, staticFacts);
    if (shell.render) return render(page.finalUrl, staticFacts, shell.why, page.finalUrl);
    if (siteClientRendered) return render(page.finalUrl, staticFacts, 'site_client_rendered', page.finalUrl);
    if (depth === 0 && probeHome) {
      const probed = await render(page.finalUrl, staticFacts, 'home_probe', page.finalUrl);
      if (!probed.render.rendered) return { ...probed, render: { ...probed.render, why: 'static' } };
      const cmp = linkCountsDiffer(staticFacts, probed.facts);
      if (cmp.render) {
        siteClientRendered = true;
        return { ...probed, render: { rendered: true, why: cmp.why, blocked: probed.render.blocked } };
      }
      // Same page either way: keep the static reading, which is what every other page gets.
      return { ...keep(`static (${cmp.why})`), render: { rendered: false, why: `static (${cmp.why})`, blocked: probed.render.blocked } };
    }
    return keep('static');
  };

  return Object.defineProperty(step, 'siteClientRendered', { get: () => siteClientRendered }) as RenderStep;
}
