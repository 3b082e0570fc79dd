// The blank coding sheet of a run: one row per city × indicator egovscan assessed, with what to look
// for and where to start looking, and empty met / phase / note columns. egovscan's verdict is left
// out so that the coding stays blind; the coder keeps the rows of the sample and deletes the rest.
import { writeCsv, type Cell } from '../report/csv.ts';
import { verdictKey, type RunVerdicts } from './run-verdicts.ts';

export const TEMPLATE_COLUMNS = [
  'city_id',
  'city_name',
  'portal_url',
  'indicator',
  'indicator_name',
  'criterion',
  'description',
  'start_url',
  'met',
  'phase',
  'note',
] as const;

export function templateRows(run: RunVerdicts): Array<Record<string, Cell>> {
  const rows: Array<Record<string, Cell>> = [];
  for (const city of run.cities.values()) {
    for (const info of run.indicators.values()) {
      const v = run.verdicts.get(verdictKey(city.id, info.id));
      if (!v?.assessed) continue;
      rows.push({
        city_id: city.id,
        city_name: city.name,
        portal_url: city.portalUrl,
        indicator: info.id,
        indicator_name: info.name,
        criterion: info.criterion,
        description: info.description,
        // Where egovscan found its evidence; when it found none there is no page to point at, so the
        // front page stands in (an empty cell would tell the coder egovscan's verdict).
        start_url: v.evidenceUrl || city.portalUrl,
        met: '',
        phase: '',
        note: '',
      });
    }
  }
  return rows;
}

export async function writeTemplate(run: RunVerdicts, file: string, opts: { bom?: boolean } = {}): Promise<number> {
  const rows = templateRows(run);
  await writeCsv(file, TEMPLATE_COLUMNS, rows, opts);
  return rows.length;
}
