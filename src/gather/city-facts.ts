// What one city's crawl leaves behind for the stages after it (indicators, applications):
// one record per fetched URL, with the page's facts when it was an HTML page that could be read.
import type { PageFacts } from './types.ts';

export interface PageRecord {
  url: string;
  finalUrl: string;
  depth: number;
  /** HTTP status of the final response; 0 when none arrived. */
  status: number;
  /** Reason word (contract.md): ok, http_404, dns, timeout, ... */
  reason: string;
  contentType: string;
  bytes: number;
  kind: 'page' | 'document';
  rendered: boolean;
  facts?: PageFacts;
}

export interface CityFacts {
  cityId: string;
  cityName: string;
  portal: string;
  domains: string[];
  /** The portal's home page answered with an HTML page. */
  reachable: boolean;
  /** Reason word for the portal's home page. */
  portalReason: string;
  /** Reference time of the crawl (freshness windows are measured from it). */
  now: Date;
  pages: PageRecord[];
}
