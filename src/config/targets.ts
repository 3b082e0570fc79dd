// The targets file (contract.md, "Targets file"): which city portals to evaluate and which applications
// each city is known to run. The zod schema below is the single source of the rules, the messages and
// the field descriptions; schema/targets.schema.json is generated from it (scripts/write-schema.ts).
import { z } from 'zod';
import { parseDataText, readInputFile } from './data-file.ts';
import { InputError, closest, describeValue, validateInput } from './input-error.ts';

export const APPLICATION_CATEGORIES = ['G2C', 'G2B', 'G2G', 'G2E'] as const;
export type ApplicationCategory = (typeof APPLICATION_CATEGORIES)[number];

const ID_PATTERN = /^[a-z0-9-]+$/;
// RFC 1123 labels, lower-case only so that comparing a link's host against the list is a plain
// string comparison; an IPv4 address also matches, which the demo portals on loopback need.
const HOSTNAME_PATTERN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

function idMessage(input: unknown): string {
  let message = `must use only lower-case letters a-z, digits and hyphens (pattern [a-z0-9-]+), got ${describeValue(input)}`;
  if (typeof input === 'string') {
    const slug = input
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    if (slug !== '' && slug !== input) message += ` (for example "${slug}")`;
  }
  return message;
}

function urlMessage(input: unknown): string {
  let message = `must be an http(s) URL, got ${describeValue(input)}`;
  // The usual slip is leaving out the scheme; say what to write instead.
  if (typeof input === 'string' && !input.includes('://') && /^[\w.-]+\.[a-z]{2,}(?:[/:?#]|$)/i.test(input)) {
    message += ` (did you mean "https://${input}"?)`;
  }
  return message;
}

function hostnameMessage(input: unknown): string {
  if (typeof input !== 'string') return `must be a host name such as "pemkomedan.go.id", got ${describeValue(input)}`;
  const value = input.trim();
  if (value.includes('://')) {
    try {
      const host = new URL(value).hostname;
      return `must be a host name, not a URL: write "${host}" instead of ${describeValue(input)}`;
    } catch {
      // fall through to the general message
    }
  }
  if (/^(?:\*\.|\.)/.test(value)) {
    const host = value.replace(/^(?:\*\.|\.)/, '').toLowerCase();
    return `write "${host}" instead of ${describeValue(input)}: hosts under a domain count as the city's own anyway`;
  }
  const slash = value.indexOf('/');
  if (slash > 0) {
    return `must be a host name without a path: write "${value.slice(0, slash).toLowerCase()}" instead of ${describeValue(input)}`;
  }
  if (/:\d+$/.test(value)) {
    return `must be a host name without a port: write "${value.replace(/:\d+$/, '').toLowerCase()}" instead of ${describeValue(input)}`;
  }
  if (value !== value.toLowerCase() && HOSTNAME_PATTERN.test(value.toLowerCase())) {
    return `must be lower-case: write "${value.toLowerCase()}" instead of ${describeValue(input)}`;
  }
  return `must be a host name such as "pemkomedan.go.id", got ${describeValue(input)}`;
}

// Official area codes are digits or capitals in groups joined by dots or hyphens: Indonesia's
// Kemendagri kode wilayah "32", "32.73", "32.73.01", "32.73.01.1001". Kept generic so that another
// country's register fits; files check their own shape (tests/config/census-targets.test.ts).
const REGION_CODE_PATTERN = /^[0-9A-Z]+(?:[.-][0-9A-Z]+)*$/;
export const TARGET_LEVELS = ['province', 'regency', 'city', 'district', 'village'] as const;

function regionCodeMessage(input: unknown): string {
  // YAML reads an unquoted 32.10 as the number 32.1, silently losing the code's last digit.
  if (typeof input === 'number') return `must be written in quotes, e.g. region_code: "32.10" (unquoted YAML reads it as the number ${input})`;
  return `must be an official area code of digits or capitals joined by dots or hyphens, e.g. "32.73", got ${describeValue(input)}`;
}

function countryMessage(input: unknown): string {
  let message = `must be a two-letter ISO 3166-1 country code in capitals such as "ID", got ${describeValue(input)}`;
  if (typeof input === 'string' && /^[a-z]{2}$/i.test(input.trim())) message += ` (write "${input.trim().toUpperCase()}")`;
  return message;
}

// A field's own message speaks about its value; a missing field falls through (undefined) to the
// parse-time map, which says "is required".
const present =
  (message: (input: unknown) => string) =>
  (issue: { input?: unknown }): string | undefined =>
    issue.input === undefined ? undefined : message(issue.input);

const text = () => z.string().regex(/\S/, { error: 'must not be empty' });

const httpUrl = (description: string) =>
  z.url({ protocol: /^https?$/, error: present(urlMessage) }).meta({
    description,
    // z.url's protocol check does not reach the JSON Schema; the pattern lets editors catch ftp:// etc.
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  });

export const ApplicationSchema = z
  .strictObject({
    name: text().meta({ description: 'The application\'s name as the city presents it, e.g. "Medan Rumah Kita".' }),
    url: httpUrl('The address where the application is used (http or https).'),
    category: z
      .enum(APPLICATION_CATEGORIES, {
        error: present((input) => `must be one of ${APPLICATION_CATEGORIES.join(', ')}, got ${describeValue(input)}`),
      })
      .optional()
      .meta({
        description:
          'Who the application serves: G2C government to citizens, G2B to businesses, G2G to other ' +
          'government bodies, G2E to its own employees. Optional: when left out, egovscan infers it ' +
          'from the application\'s name and pages.',
      }),
  })
  .meta({ title: 'Application', description: 'An application the city is known to run.' });

export const TargetSchema = z
  .strictObject({
    id: z
      .string()
      .regex(ID_PATTERN, { error: present(idMessage) })
      .meta({
        description:
          'Short identifier used in output files and in --only: lower-case letters, digits and hyphens, unique in the file.',
        examples: ['medan', 'kota-bandung'],
      }),
    name: text().meta({ description: 'The name of the local government, e.g. "Kota Medan".' }),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { error: present(countryMessage) })
      .optional()
      .meta({ description: 'ISO 3166-1 alpha-2 country code in capitals, e.g. "ID".', examples: ['ID'] }),
    portal: httpUrl('The front page of the official portal; the crawl starts here.'),
    domains: z
      .array(
        z
          .string()
          .regex(HOSTNAME_PATTERN, { error: present(hostnameMessage) })
          .meta({ description: 'A lower-case host name without scheme, port or path, e.g. "pemkomedan.go.id".' }),
      )
      .optional()
      .meta({
        description:
          "Hosts that count as the city's own, together with every host under them. Optional; the portal's host always counts.",
      }),
    applications: z
      .array(ApplicationSchema)
      .optional()
      .meta({ description: 'The known application inventory of the city. Optional; the crawl also discovers applications.' }),
    region_code: z
      .string({ error: present(regionCodeMessage) })
      .regex(REGION_CODE_PATTERN, { error: present(regionCodeMessage) })
      .optional()
      .meta({
        description:
          'Optional: the official code of the area, unique in the file; in Indonesia the Kemendagri kode wilayah, ' +
          'e.g. "32" (Provinsi Jawa Barat), "32.73" (Kota Bandung). Write it in quotes.',
        examples: ['32', '32.73'],
      }),
    level: z
      .enum(TARGET_LEVELS, {
        error: present((input) => `must be one of ${TARGET_LEVELS.join(', ')}, got ${describeValue(input)}`),
      })
      .optional()
      .meta({
        description:
          'Optional: which tier of government: province (provinsi), regency (kabupaten), city (kota), ' +
          'district (kecamatan) or village (desa / kelurahan).',
      }),
  })
  .meta({ title: 'Target', description: 'One local government to evaluate.' });

export const TargetsFileSchema = z
  .strictObject({
    targets: z
      .array(TargetSchema)
      .min(1, { error: 'is an empty list; add at least one target' })
      .superRefine(
        (targets, ctx) => {
          // Runs even when other entries are malformed (see `when`), so a duplicate is reported in the
          // same pass as every other problem; hence the defensive reads.
          // A region code names one area, so two entries with one code are a slip as much as two ids.
          for (const field of ['id', 'region_code'] as const) {
            const firstIndex = new Map<string, number>();
            (targets as unknown[]).forEach((target, index) => {
              const value = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[field] : undefined;
              if (typeof value !== 'string') return;
              const first = firstIndex.get(value);
              if (first === undefined) firstIndex.set(value, index);
              else {
                ctx.addIssue({
                  code: 'custom',
                  path: [index, field],
                  message: `duplicate ${field} "${value}": targets[${first}] already uses it`,
                  input: value,
                });
              }
            });
          }
        },
        { when: (payload) => Array.isArray(payload.value) },
      )
      .meta({ description: 'The local governments to evaluate, at least one.' }),
  })
  .meta({
    title: 'egovscan targets file',
    description: 'The city portals egovscan evaluates and the applications each city is known to run.',
  });

export type Target = z.output<typeof TargetSchema>;
export type Application = z.output<typeof ApplicationSchema>;
export type TargetsFile = z.output<typeof TargetsFileSchema>;

/** Parses and validates a targets file's text (YAML or JSON, by extension, else by content). */
export function parseTargets(text: string, file: string): Target[] {
  const data = parseDataText(text, file);
  if (data === null || data === undefined) {
    throw new InputError(file, [{ file, message: 'the file is empty; it must contain a "targets:" list' }]);
  }
  if (Array.isArray(data)) {
    throw new InputError(file, [
      { file, message: 'must be a mapping with a "targets" list at the top; the file holds a bare list (put "targets:" above it)' },
    ]);
  }
  return validateInput(TargetsFileSchema, data, file).targets;
}

/** Reads and validates a targets file; every problem in it is reported in one InputError. */
export async function loadTargets(file: string): Promise<Target[]> {
  return parseTargets(await readInputFile(file), file);
}

/**
 * The targets whose id is in `only` (as given to --only; comma-separated items are split), in file
 * order. An empty `only` selects every target. An id that is not in the file is an InputError, since
 * silently crawling fewer cities than asked for would go unnoticed in a long run.
 */
export function filterTargets(targets: Target[], only: readonly string[], file = 'targets file'): Target[] {
  const wanted = only.flatMap((item) => item.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  if (wanted.length === 0) return targets;
  const known = targets.map((t) => t.id);
  const knownSet = new Set(known);
  const missing = [...new Set(wanted.filter((id) => !knownSet.has(id)))];
  if (missing.length > 0) {
    const shown = known.length > 10 ? `${known.slice(0, 10).join(', ')} and ${known.length - 10} more` : known.join(', ');
    throw new InputError(
      file,
      missing.map((id) => {
        const guess = closest(id, known);
        return {
          file,
          field: '--only',
          message: `no target has the id "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; the ids in the file are ${shown}`,
        };
      }),
    );
  }
  const wantedSet = new Set(wanted);
  return targets.filter((t) => wantedSet.has(t.id));
}
