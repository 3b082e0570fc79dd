// The crawl stage's public API.
export { crawlSite, linkOutcome, type AnalysedPage, type CrawlSiteInput, type CrawlSummary, type LinkProblem, type Outcome, type PageVisit, type ResumedPage } from './crawler.ts';
export { Frontier, InOrder, type Admission, type PageTask, type CheckTask } from './frontier.ts';
export { createHttpPool, MAX_ORIGIN_DELAY_MS, type HttpPool, type PoolFetchOptions } from './politeness.ts';
export { fetchUrl, type FetchContext, type FetchKind, type FetchSettings } from './fetcher.ts';
export { normalizeUrl, withoutSessionIds } from './normalize.ts';
export { makeScope, type Scope } from './scope.ts';
export { createRobotsCache, parseRobots, type RobotsAnswer, type RobotsCache, type RobotsInfo, type RobotsMemo } from './robots.ts';
export { parseSitemap, sitemapText, discoverSitemaps, type SitemapDiscovery, type DiscoverSitemapsInput } from './sitemap.ts';
export { TrapGuard, pathPattern, contentFingerprint, isTokenLike, withoutTokens, type TrapOptions, type TrapVerdict, type TrapWhy } from './traps.ts';
export { isPrivateAddress, checkLiteralHost, makeGuardedLookup, AddressRefusedError, PRIVATE_ADDRESS_CODE, NOT_RESOLVED_CODE } from './address-guard.ts';
export { createAgent } from './http-client.ts';
export { isBotBlock } from './bot-block.ts';
export { decodeBytes, decodeHtml, looksLikeHtml } from './charset.ts';
export { isDocumentType, isDocumentUrl, isHtmlType, mediaType } from './content-kind.ts';
export { reasonFromError } from './errors.ts';
export { parseRetryAfter } from './retry-after.ts';
export { DEFAULT_CRAWL_OPTIONS, DEFAULT_USER_AGENT, ROBOTS_TOKEN, withDefaults } from './options.ts';
export * from './types.ts';
