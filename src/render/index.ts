// Browser rendering: Chromium discovery, the narrow browser pool, the app-shell rule and the
// per-page render step the crawl's `analyse` calls (see docs/rendering.md).
export { findChromium, chromiumOrSayWhy, sayOnce, NO_CHROMIUM_MESSAGE, DEFAULT_CHROMIUM_CANDIDATES, type ChromiumLookup } from './chromium.ts';
export { createRenderer, isRenderFailure, type Renderer, type RendererOptions, type RenderResult, type RenderedPage, type RenderFailure, type RendererStats } from './renderer.ts';
export { looksLikeAppShell, linkCountsDiffer, scriptStats, emptyRoot, noscriptWarning, LITTLE_TEXT, FEW_LINKS, type AppShellVerdict } from './app-shell.ts';
export { createRenderStep, type RenderStep, type RenderStepOptions, type RenderDecision, type StepResult, type RenderMode } from './step.ts';
export { CHROME_FLAGS, chromiumArgs, hostResolverRules, launchChromium, makeRequestGate, type GuardedBrowser, type NetworkPolicy, type LaunchOptions } from './browser.ts';
export { startGateProxy, refusedBy, REFUSED_HEADER, type GateProxy, type GateProxyOptions, type Refusal, type RefusalReason } from './proxy.ts';
export { guardContext, loadPage, type ContextGuard, type GuardedPage, type BlockedRequest } from './page-guard.ts';
