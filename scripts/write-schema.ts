// Writes schema/targets.schema.json from the zod schema (`npm run schema`). With --check it only
// compares and exits 1 when the committed file is out of date, for CI.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTargetsJsonSchema } from '../src/config/json-schema.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'schema/targets.schema.json');
const text = renderTargetsJsonSchema();

if (process.argv.includes('--check')) {
  const current = await readFile(out, 'utf8').catch(() => '');
  if (current !== text) {
    console.error('schema/targets.schema.json is out of date; run `npm run schema`');
    process.exit(1);
  }
  console.log('schema/targets.schema.json is up to date');
} else {
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  console.log(`wrote ${out}`);
}
