// Detector kinds by name. The built-in kinds cover what a rubric usually needs; a kind that YAML
// cannot express is a small typed module added with registerDetector() before the rubric loads.
import { z } from 'zod';
import { closest, plainEnglish } from '../config/input-error.ts';
import { audit } from './detectors/audit.ts';
import { channels } from './detectors/channels.ts';
import { count } from './detectors/count.ts';
import { documents } from './detectors/documents.ts';
import { form } from './detectors/forms.ts';
import { freshness } from './detectors/freshness.ts';
import { keywords } from './detectors/keywords.ts';
import { manual } from './detectors/manual.ts';
import { pageCheck } from './detectors/page-check.ts';
import { platforms } from './detectors/platforms.ts';
import type { DetectorContext, DetectorKind, DetectorOutcome, DetectorPass } from './types.ts';
import { EvidenceList } from './detectors/common.ts';

/** A validated detector config: `kind` plus that kind's fields. */
export type DetectorConfig = { kind: string } & Record<string, unknown>;

const kinds = new Map<string, DetectorKind>();

export function registerDetector<C extends { kind: string }>(kind: DetectorKind<C>): void {
  if (kinds.has(kind.kind)) throw new Error(`detector kind "${kind.kind}" is already registered`);
  kinds.set(kind.kind, kind as unknown as DetectorKind);
}

export function detectorKinds(): string[] {
  return [...kinds.keys()];
}

// any_of / all_of combine detectors: "a citizen login form, or a link that says Daftar Akun".
const compositeSchema = (kind: 'any_of' | 'all_of') =>
  z.strictObject({ kind: z.literal(kind), detectors: z.array(z.unknown()).min(1) });

function composite(kind: 'any_of' | 'all_of'): DetectorKind<{ kind: string; detectors: unknown[] }> {
  return {
    kind,
    schema: compositeSchema(kind),
    start(c, ctx) {
      const passes = (c.detectors as DetectorConfig[]).map((d) => startDetector(d, ctx));
      return {
        page(p) {
          for (const pass of passes) if (!pass.settled) pass.page?.(p);
        },
        get settled() {
          return passes.every((pass) => pass.settled);
        },
        finish() {
          const parts = passes.map((pass) => pass.finish());
          const assessed = parts.filter((p) => p.met !== null);
          if (assessed.length === 0) return { met: null, evidence: [], note: parts[0]?.note ?? 'not assessed' };
          const met = kind === 'any_of' ? assessed.some((p) => p.met) : assessed.every((p) => p.met);
          const values = assessed.map((p) => p.value ?? (p.met ? 1 : 0));
          const value = kind === 'any_of' ? Math.max(...values) : Math.min(...values);
          const ev = new EvidenceList();
          for (const p of kind === 'any_of' && met ? assessed.filter((x) => x.met) : assessed) for (const e of p.evidence) ev.add(e.url, e.text);
          const out: DetectorOutcome = { met, value, evidence: ev.rows };
          if (!met) out.note = assessed.map((p) => p.note).filter(Boolean).join('; ');
          return out;
        },
      };
    },
    summary: (c) =>
      (c.detectors as DetectorConfig[]).map((d) => summarise(d)).join(kind === 'any_of' ? ' OR ' : ' AND '),
  };
}

for (const k of [keywords, form, documents, freshness, channels, platforms, count, pageCheck, audit, manual]) {
  registerDetector(k as DetectorKind<{ kind: string }>);
}
registerDetector(composite('any_of'));
registerDetector(composite('all_of'));

export interface DetectorIssue {
  /** Path below `detect`, e.g. ["detectors", 1, "any"]. */
  path: Array<string | number>;
  message: string;
}

/** Validates a detector config (recursively for any_of / all_of). */
export function parseDetector(raw: unknown, path: Array<string | number> = []): { config?: DetectorConfig; issues: DetectorIssue[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { issues: [{ path, message: 'must be a mapping with a "kind" key' }] };
  }
  const name = (raw as { kind?: unknown }).kind;
  const known = detectorKinds();
  if (typeof name !== 'string') {
    return { issues: [{ path: [...path, 'kind'], message: `is required; one of ${known.join(', ')}` }] };
  }
  const kind = kinds.get(name);
  if (!kind) {
    const guess = closest(name, known);
    return {
      issues: [{ path: [...path, 'kind'], message: `unknown detector kind "${name}"${guess ? ` (did you mean "${guess}"?)` : ''}; known kinds are ${known.join(', ')}` }],
    };
  }
  const parsed = kind.schema.safeParse(raw, { error: plainEnglish });
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => ({
        path: [...path, ...i.path.filter((k): k is string | number => typeof k !== 'symbol')],
        message: i.message,
      })),
    };
  }
  const config = parsed.data as DetectorConfig;
  if (name === 'any_of' || name === 'all_of') {
    const issues: DetectorIssue[] = [];
    const children = (config.detectors as unknown[]).map((child, i) => {
      const r = parseDetector(child, [...path, 'detectors', i]);
      issues.push(...r.issues);
      return r.config;
    });
    if (issues.length > 0) return { issues };
    return { config: { ...config, detectors: children }, issues };
  }
  return { config, issues: [] };
}

/** Begins a detector's pass over a city's pages. */
export function startDetector(config: DetectorConfig, ctx: DetectorContext): DetectorPass {
  const kind = kinds.get(config.kind);
  if (!kind) throw new Error(`unknown detector kind "${config.kind}"`);
  return kind.start(config, ctx);
}

export function summarise(config: DetectorConfig): string {
  const kind = kinds.get(config.kind);
  return kind ? kind.summary(config) : config.kind;
}
