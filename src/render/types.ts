// What a renderer hands back, apart from the renderer itself, so that the crawl can be typed
// against it without loading Playwright (it is loaded only when a page is really rendered).

export interface RenderedPage {
  html: string;
  /** URL of the document after redirects and client-side navigation. */
  finalUrl: string;
  /** Status of the main document response; 0 when there was none. */
  status: number;
  elapsedMs: number;
  /** Requests the page tried that the gate refused (other methods than GET/HEAD, navigating away, WebSockets, popups, refused addresses). */
  blocked: number;
  /** The first 200 of them, for logs. */
  blockedLog?: Array<{ why: string; method: string; url: string }>;
}

export interface RenderFailure {
  error: string;
  /** Requests refused before the render failed. */
  blocked?: number;
}

export type RenderResult = RenderedPage | RenderFailure;

export interface Renderer {
  render(url: string): Promise<RenderResult>;
  close(): Promise<void>;
  /** Counters for logs and run.json. */
  stats(): RendererStats;
}

export interface RendererStats {
  launched: boolean;
  rendered: number;
  failed: number;
  contextsOpened: number;
  /** Time spent in render() calls, summed. */
  totalMs: number;
  /** Requests refused by the gate, summed over pages. */
  blocked: number;
}

export const isRenderFailure = (r: RenderResult): r is RenderFailure => 'error' in r;
