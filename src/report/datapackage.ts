// datapackage.json: a Frictionless Data Package (tabular-data-package, v1 spec) describing every
// CSV in the run folder with a Table Schema built from the same column definitions as
// dictionary.csv, so the folder can be validated (`frictionless validate datapackage.json`) and
// deposited as a dataset as it is.
import { createHash } from 'node:crypto';
import type { ColumnDef } from './columns.ts';
import { describeColumn, fileDef, type FileDef } from './dictionary.ts';
import type { RunMeta } from './read-run.ts';

export interface PresentFile {
  file: string;
  columns: readonly string[];
  content: string | Uint8Array;
}

export interface DataPackageInput {
  runId: string;
  meta: RunMeta;
  toolVersion: string;
  rubric: string;
  files: readonly FileDef[];
  present: readonly PresentFile[];
  /** Whether the CSV files start with a UTF-8 byte-order mark. */
  bom: boolean;
}

/** Primary keys of the files whose rows are unique by them. */
const PRIMARY_KEYS: Record<string, string[]> = {
  'cities.csv': ['run_id', 'city_id'],
  'comparison.csv': ['run_id', 'city_id'],
  'history.csv': ['run_id', 'city_id'],
  'criteria.csv': ['run_id', 'city_id', 'indicator'],
  'dictionary.csv': ['file', 'column'],
};

export function tableField(c: ColumnDef): Record<string, unknown> {
  const field: Record<string, unknown> = { name: c.name, type: c.type, description: c.description };
  if (c.type === 'datetime') field.format = 'any';
  if (c.type === 'boolean') {
    field.trueValues = ['true'];
    field.falseValues = ['false'];
  }
  if (c.unit) field['x-unit'] = c.unit;
  const words = (c.values ?? []).filter((v) => v !== '');
  // Words with a placeholder (http_<code>) are patterns, not a closed list.
  if (words.length > 0 && !words.some((w) => w.includes('<'))) {
    field.constraints = { enum: c.type === 'integer' ? words.map(Number) : words };
  }
  return field;
}

export function resourceName(file: string): string {
  return file.replace(/\.csv$/, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}

export function packageName(runId: string): string {
  return `egovscan-${runId.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}`;
}

export function buildDataPackage(input: DataPackageInput): Record<string, unknown> {
  const resources = input.present.map((p) => {
    const def = fileDef(input.files, p.file);
    const bytes = typeof p.content === 'string' ? Buffer.byteLength(p.content) : p.content.byteLength;
    const schema: Record<string, unknown> = {
      fields: p.columns.map((name) => tableField(describeColumn(def, name))),
      missingValues: [''],
    };
    const pk = PRIMARY_KEYS[p.file];
    if (pk && pk.every((k) => p.columns.includes(k))) schema.primaryKey = pk;
    if (p.file === 'criteria.csv' && input.present.some((f) => f.file === 'cities.csv')) {
      schema.foreignKeys = [{ fields: ['run_id', 'city_id'], reference: { resource: 'cities', fields: ['run_id', 'city_id'] } }];
    }
    return {
      name: resourceName(p.file),
      path: p.file,
      title: def?.title ?? p.file,
      description: def?.description ?? '',
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      // A validator reads a BOM under plain 'utf-8' as part of the first column's name.
      encoding: startsWithBom(p.content) ? 'utf-8-sig' : 'utf-8',
      bytes,
      hash: `sha256:${createHash('sha256').update(p.content).digest('hex')}`,
      dialect: { delimiter: ',', doubleQuote: true, quoteChar: '"', header: true, lineTerminator: '\n' },
      schema,
    };
  });
  const finished = input.meta.finished_at ?? input.meta.started_at;
  return {
    profile: 'tabular-data-package',
    name: packageName(input.runId),
    title: `egovscan run ${input.runId}: evaluation of city government portals`,
    description:
      'Crawl-based evaluation of local government web portals: the criteria of the rubric with evidence per indicator, ' +
      'the World Bank e-government phase, the liveness of every application and the links that are not fine. ' +
      `Rubric: ${input.rubric || 'unknown'}. Every score can be traced to the page that earned it (criteria.csv). ` +
      'run.json (settings, versions, counts) and report.html (charts) sit next to these files. ' +
      (input.bom ? 'CSV files start with a UTF-8 byte-order mark. ' : '') +
      "A text cell that started with =, +, - or @ was written with a leading apostrophe so that spreadsheets never evaluate it.",
    version: input.runId,
    created: finished ?? new Date().toISOString(),
    keywords: ['e-government', 'local government', 'web portals', 'Sitokdana', 'World Bank phases', 'Indonesia'],
    sources: [{ title: `egovscan ${input.toolVersion}`, path: 'https://github.com/egovscan/egovscan' }],
    'x-egovscan': {
      tool: 'egovscan',
      tool_version: input.toolVersion,
      run_id: input.runId,
      run_status: input.meta.status ?? '',
      started_at: input.meta.started_at ?? '',
      finished_at: input.meta.finished_at ?? '',
      rubric: input.rubric,
    },
    resources,
  };
}

function startsWithBom(content: string | Uint8Array): boolean {
  if (typeof content === 'string') return content.charCodeAt(0) === 0xfeff;
  return content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
}
