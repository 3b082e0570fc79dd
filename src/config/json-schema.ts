// JSON Schema for the targets file, generated from the zod schema so that editors (e.g. the YAML
// language server) validate and autocomplete with the same rules and descriptions as egovscan.
import { z } from 'zod';
import { TargetsFileSchema } from './targets.ts';

export const TARGETS_SCHEMA_ID = 'https://raw.githubusercontent.com/egovscan/egovscan/main/schema/targets.schema.json';

export function targetsJsonSchema(): Record<string, unknown> {
  // io 'input': the schema describes what a person writes, before defaults or inference.
  const { $schema, title, description, ...rest } = z.toJSONSchema(TargetsFileSchema, { io: 'input', target: 'draft-2020-12' });
  // Identity and title first, so a reader of the file sees what it is before the details.
  return { $schema, $id: TARGETS_SCHEMA_ID, title, description, ...rest };
}

/** The exact text of schema/targets.schema.json. */
export function renderTargetsJsonSchema(): string {
  return `${JSON.stringify(targetsJsonSchema(), null, 2)}\n`;
}
