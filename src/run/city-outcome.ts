// What a judged city is at the end of a run: its crawl, applications, scores and audits. Its own
// module so that the run (crawl-run.ts) and the files written from it (run-files.ts) both use it
// without importing each other.
import type { Target } from '../config/targets.ts';
import type { AppResult } from '../apps/index.ts';
import type { CityEvaluation } from '../score/index.ts';
import type { AuditRow } from '../audit/types.ts';
import type { CityCrawl } from './crawl-city.ts';

export interface CityOutcome extends CityCrawl {
  target: Target;
  crawledAt: string;
  apps: AppResult[];
  evaluation: CityEvaluation;
  /** Lighthouse and axe figures of the audited pages (--lighthouse). */
  audits: AuditRow[];
  /** Distinct link targets found broken. */
  brokenLinks: number;
  flaggedPages: number;
  /** The run's vantage check found the outside network down (cities.csv `degraded`). */
  degraded?: boolean;
}
