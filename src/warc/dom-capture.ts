// With --warc, every DOM the browser renders is kept as a conversion record of the page's response,
// so that a rendered page's score can be traced to the HTML it was read from (and replayed).
import type { Renderer } from '../render/types.ts';
import { isRenderFailure } from '../render/types.ts';
import type { WarcWriter } from './writer.ts';

export function capturingRenderer(renderer: Renderer, writer: WarcWriter): Renderer {
  return {
    async render(url) {
      const result = await renderer.render(url);
      if (!isRenderFailure(result)) {
        writer.dom({ url, finalUrl: result.finalUrl, status: result.status, blocked: result.blocked, html: result.html, at: new Date() });
      }
      return result;
    },
    close: () => renderer.close(),
    stats: () => renderer.stats(),
  };
}
