import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderTargetsJsonSchema, TARGETS_SCHEMA_ID } from '../../src/config/json-schema.ts';

type Schema = Record<string, unknown>;

/**
 * Just enough JSON Schema (the keywords z.toJSONSchema emits for the targets schema) to check that
 * the generated file means what the zod schema means, without adding a validator dependency.
 * Returns the paths that fail; an unsupported keyword fails loudly so the check cannot pass vacuously.
 */
function violations(schema: Schema, value: unknown, path = '$'): string[] {
  const known = new Set([
    '$schema', '$id', 'title', 'description', 'examples', 'type', 'properties', 'required',
    'additionalProperties', 'items', 'enum', 'pattern', 'minItems', 'minLength', 'format',
  ]);
  for (const key of Object.keys(schema)) if (!known.has(key)) throw new Error(`unsupported keyword ${key} at ${path}`);
  const out: string[] = [];
  const type = schema.type as string | undefined;
  const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
  if (type === 'object' && !isObject) return [`${path}: not an object`];
  if (type === 'array' && !Array.isArray(value)) return [`${path}: not an array`];
  if (type === 'string' && typeof value !== 'string') return [`${path}: not a string`];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) out.push(`${path}: not in enum`);
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) out.push(`${path}: pattern`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) out.push(`${path}: minLength`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) out.push(`${path}: minItems`);
    if (schema.items) value.forEach((item, i) => out.push(...violations(schema.items as Schema, item, `${path}[${i}]`)));
  }
  if (isObject) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in record)) out.push(`${path}.${key}: required`);
    for (const [key, item] of Object.entries(record)) {
      if (properties[key]) out.push(...violations(properties[key], item, `${path}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${path}.${key}: additional property`);
    }
  }
  return out;
}

describe('schema/targets.schema.json', () => {
  it('is what scripts/write-schema.ts generates now (run `npm run schema` after changing the zod schema)', async () => {
    const committed = await readFile('schema/targets.schema.json', 'utf8');
    expect(committed).toBe(renderTargetsJsonSchema());
  });

  const schema = JSON.parse(renderTargetsJsonSchema()) as Schema;

  it('identifies itself and carries the field descriptions', () => {
    expect(schema.$id).toBe(TARGETS_SCHEMA_ID);
    expect(schema.title).toBe('egovscan targets file');
    const target = ((schema.properties as Record<string, Schema>).targets!.items as Schema).properties as Record<string, Schema>;
    for (const field of ['id', 'name', 'country', 'portal', 'domains', 'applications']) {
      expect(typeof target[field]!.description, field).toBe('string');
    }
  });

  it('accepts the example targets file', async () => {
    const example = parse(await readFile('targets/example.yaml', 'utf8')) as unknown;
    expect(violations(schema, example)).toEqual([]);
  });

  it('rejects an unknown key, a bad category, a non-http URL and a missing field', () => {
    const target = { id: 'medan', name: 'Kota Medan', portal: 'https://portal.pemkomedan.go.id/' };
    expect(violations(schema, { targets: [target] })).toEqual([]);
    expect(violations(schema, { targets: [{ ...target, domian: [] }] })).toEqual(['$.targets[0].domian: additional property']);
    expect(
      violations(schema, {
        targets: [{ ...target, applications: [{ name: 'MRK', url: 'ftp://mrk.pemkomedan.go.id/', category: 'X' }] }],
      }),
    ).toEqual(['$.targets[0].applications[0].url: pattern', '$.targets[0].applications[0].category: not in enum']);
    expect(violations(schema, { targets: [{ id: 'medan', name: 'Kota Medan' }] })).toEqual(['$.targets[0].portal: required']);
    expect(violations(schema, { targets: [] })).toEqual(['$.targets: minItems']);
  });
});
