// `egovscan agree` as a library call: egovscan's verdicts in a run folder against a researcher's
// coding sheet (docs/agreement.md describes the method).
import { readCodingSheet } from './coding-sheet.ts';
import { compareCoding, type AgreementResult } from './compare.ts';
import { readRunVerdicts } from './run-verdicts.ts';
import { writeAgreementFiles } from './write.ts';

export { cohenKappa, binaryAgreement, linearWeights, identityWeights, type KappaResult, type Confusion } from './kappa.ts';
export { parseCodingSheet, readCodingSheet, parseMet, detectDelimiter, type CodingSheet } from './coding-sheet.ts';
export { compareCoding, type AgreementResult, type AgreementRow, type Disagreement, type PhaseAgreement } from './compare.ts';
export { locateRun, readRunVerdicts, RunNotFoundError, PHASE_LADDER, PARTIAL_MET_THRESHOLD, type RunVerdicts } from './run-verdicts.ts';
export { agreementTable, writeAgreementFiles, AGREEMENT_COLUMNS, DISAGREEMENT_COLUMNS } from './write.ts';
export { writeTemplate, templateRows, TEMPLATE_COLUMNS } from './template.ts';

export interface AgreeOptions {
  /** The run folder. */
  runDir: string;
  coding: string;
  /** Where the three files go (default: the run folder). */
  resultsDir?: string;
  bom?: boolean;
}

export async function agree(opts: AgreeOptions): Promise<{ result: AgreementResult; files: string[] }> {
  const run = await readRunVerdicts(opts.runDir);
  const sheet = await readCodingSheet(opts.coding, run);
  const result = compareCoding(run, sheet);
  const files = await writeAgreementFiles(result, opts.resultsDir ?? opts.runDir, { bom: opts.bom });
  return { result, files };
}
