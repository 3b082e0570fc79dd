// Writes docs/criteria.md from the rubrics in criteria/ (`node bin/run-ts.js scripts/rubric-table.ts`).
// With --check it only compares and exits 1 when the committed file is out of date.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRubric } from '../src/score/rubric.ts';
import { renderCriteriaDoc } from '../src/score/rubric-doc.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = resolve(ROOT, 'docs/criteria.md');

/** The default rubric first, then the others by name. */
export async function renderDoc(): Promise<string> {
  const files = (await readdir(resolve(ROOT, 'criteria'))).filter((f) => /\.ya?ml$/.test(f)).sort((a, b) =>
    a.startsWith('sitokdana') === b.startsWith('sitokdana') ? a.localeCompare(b) : a.startsWith('sitokdana') ? -1 : 1,
  );
  const rubrics = [];
  for (const f of files) rubrics.push({ rubric: await loadRubric(resolve(ROOT, 'criteria', f)), file: `criteria/${f}` });
  return renderCriteriaDoc(rubrics);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await renderDoc();
  if (process.argv.includes('--check')) {
    const current = await readFile(OUT, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('docs/criteria.md is out of date; run `node bin/run-ts.js scripts/rubric-table.ts`');
      process.exit(1);
    }
    console.log('docs/criteria.md is up to date');
  } else {
    await writeFile(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
