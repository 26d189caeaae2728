import type { RowError } from '../common/csv-reader';
import type { QuestionKind } from '../surveys/entities/question.entity';
import type { Audience } from '../surveys/entities/survey.entity';
import { audienceOf, type ImportFormat, type ImportRecord } from './response-import';

/**
 * How a past wave's sources (long format: its question keys; wide format: its item columns;
 * JSON: its answer keys) map onto the items of the survey the wave is imported onto. Pure.
 *
 * A source maps to an item when the request says so, else when its name matches the item's key
 * or wording (case, spaces and punctuation aside). Every source must end up mapped or ignored
 * on purpose, so a misnamed column is never dropped silently; and with `strict`, every required
 * item must have a source or be declared not asked in these waves.
 */

/** Sample values shown per source and item; comments are counted, never shown. */
const SAMPLES = 5;

export interface MappingItem {
  key: string;
  text: string;
  kind: QuestionKind;
  dimension: string | null;
  required: boolean;
  options: string[];
  maxLength: number;
}

export interface SurveyForMapping {
  id: string;
  name: string;
  items: MappingItem[];
}

/** Per audience, source → item key (null: ignore this source). */
export type MappingRequest = Readonly<Record<string, string | null>>;

export type ItemSourceStatus = 'matched' | 'mapped' | 'not-asked' | 'missing';
export type SourceStatus = 'matched' | 'mapped' | 'ignored' | 'unknown';

export interface SourceSummary {
  source: string;
  item: string | null;
  status: SourceStatus;
  /** answers (non-blank values) in the input */
  answers: number;
  /** a few distinct values, for checking the mapping by eye; none for comment items */
  samples: string[];
}

export interface ItemMapping extends Omit<MappingItem, 'options' | 'maxLength'> {
  source: string | null;
  status: ItemSourceStatus;
  answers: number;
  samples: string[];
}

export interface AudienceMapping {
  audience: Audience;
  survey: { id: string; name: string };
  items: ItemMapping[];
  sources: SourceSummary[];
  /** source → item, for the planner (ignored and unknown sources absent) */
  bySource: Map<string, MappingItem>;
  errors: RowError[];
}

/** An unmapped source may be a comment column: show only the start of its values. */
const clip = (value: string) => (value.length > 12 ? `${value.slice(0, 12)}…` : value);

/** A name as the matching compares it: lower case, accents and punctuation gone. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

interface SourceFacts {
  source: string;
  line: number;
  /** where an unknown source is reported: the column (wide), question_key (long) or the key (JSON) */
  column: string;
  answers: number;
  values: string[];
}

/** The sources of one audience's records, in order of first appearance. */
export function sourcesOf(
  records: readonly ImportRecord[],
  audience: Audience,
  format: ImportFormat,
): SourceFacts[] {
  const found = new Map<string, SourceFacts>();
  for (const record of records) {
    if (audienceOf(record) !== audience) continue;
    for (const cell of record.cells) {
      let facts = found.get(cell.source);
      if (facts === undefined) {
        facts = {
          source: cell.source,
          line: format === 'wide' ? 1 : record.line,
          column: format === 'long' ? 'question_key' : cell.source,
          answers: 0,
          values: [],
        };
        found.set(cell.source, facts);
      }
      if (cell.raw === undefined) continue;
      facts.answers++;
      if (facts.values.length < SAMPLES && !facts.values.includes(cell.raw))
        facts.values.push(cell.raw);
    }
  }
  return [...found.values()];
}

export function resolveMapping(input: {
  audience: Audience;
  survey: SurveyForMapping;
  sources: readonly SourceFacts[];
  request?: MappingRequest;
  notAsked?: readonly string[];
  /** whether required items without a source are errors */
  strict: boolean;
}): AudienceMapping {
  const { audience, survey, sources, request = {}, notAsked = [], strict } = input;
  const errors: RowError[] = [];
  const itemsByKey = new Map(survey.items.map((i) => [i.key, i]));
  const byName = new Map<string, MappingItem>();
  for (const item of survey.items) {
    for (const name of [normalizeName(item.text), normalizeName(item.key)])
      if (name !== '') byName.set(name, item);
  }
  const where = `the ${audience} survey "${survey.name}"`;

  const bySource = new Map<string, MappingItem>();
  const claimedBy = new Map<string, string>();
  const summaries: SourceSummary[] = [];
  for (const facts of sources) {
    const explicit = Object.prototype.hasOwnProperty.call(request, facts.source)
      ? request[facts.source]
      : undefined;
    let item: MappingItem | undefined;
    let status: SourceStatus;
    if (explicit === null) status = 'ignored';
    else if (explicit !== undefined) {
      item = itemsByKey.get(explicit);
      status = 'mapped';
      if (item === undefined) {
        errors.push({
          line: 0,
          column: facts.source,
          message: `"${facts.source}" is mapped to "${explicit}", which ${where} does not have.`,
          value: explicit,
        });
        status = 'unknown';
      }
    } else {
      item = byName.get(normalizeName(facts.source));
      status = item === undefined ? 'unknown' : 'matched';
      if (item === undefined)
        errors.push({
          line: facts.line,
          column: facts.column,
          message: `"${facts.source}" matches no item of ${where}: map it to an item or ignore it.`,
          value: facts.source,
        });
    }
    if (item !== undefined) {
      const other = claimedBy.get(item.key);
      if (other !== undefined) {
        errors.push({
          line: facts.line,
          column: facts.column,
          message: `"${other}" and "${facts.source}" both map to "${item.key}"; map one of them and ignore the other.`,
          value: facts.source,
        });
        status = 'unknown';
        item = undefined;
      } else {
        claimedBy.set(item.key, facts.source);
        bySource.set(facts.source, item);
      }
    }
    summaries.push({
      source: facts.source,
      item: item?.key ?? null,
      status,
      answers: facts.answers,
      samples:
        item === undefined ? facts.values.map(clip) : item.kind === 'text' ? [] : facts.values,
    });
  }

  for (const key of notAsked)
    if (!itemsByKey.has(key))
      errors.push({
        line: 0,
        column: '',
        message: `"${key}" is marked as not asked, but ${where} has no such item.`,
        value: key,
      });

  const items: ItemMapping[] = survey.items.map(({ options: _o, maxLength: _m, ...item }) => {
    const source = claimedBy.get(item.key) ?? null;
    const summary = summaries.find((s) => s.source === source);
    const status: ItemSourceStatus =
      source !== null
        ? summary!.status === 'mapped'
          ? 'mapped'
          : 'matched'
        : notAsked.includes(item.key) || !strict || !item.required
          ? 'not-asked'
          : 'missing';
    if (status === 'missing')
      errors.push({
        line: 0,
        column: '',
        message: `Required item "${item.key}" (${item.text}) of ${where} has no column or key in the file: map one to it, or mark it as not asked in these waves.`,
      });
    return {
      ...item,
      source,
      status,
      answers: summary?.answers ?? 0,
      samples: summary?.samples ?? [],
    };
  });

  return {
    audience,
    survey: { id: survey.id, name: survey.name },
    items,
    sources: summaries,
    bySource,
    errors,
  };
}
