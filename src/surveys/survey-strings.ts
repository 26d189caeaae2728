import { createHash } from 'node:crypto';
import { readCsv, RowError } from '../common/csv-reader';

/**
 * A survey's translatable strings and the translation CSV (key, source, translation). Keys:
 * `name` (the title respondents see), `q.<question key>.text`, `q.<question key>.option.<n>`
 * (single-choice options, from 1). Pure: no database.
 */
export interface SourceString {
  key: string;
  source: string;
}

export interface StoredTranslation {
  key: string;
  text: string;
  sourceHash: string;
}

export interface TranslationReport {
  language: string;
  /** Strings the survey has. */
  total: number;
  /** Translated from the source as it is now. */
  current: number;
  /** No translation: respondents see the source text. */
  missing: SourceString[];
  /** Translated from a source text that has since changed: respondents see the source text. */
  stale: Array<SourceString & { translation: string }>;
}

export const TRANSLATION_COLUMNS = ['key', 'source', 'translation'] as const;

export function hashSource(source: string): string {
  // Trimmed: the CSV reader trims cells, and spaces around a text change nothing a reader sees.
  return createHash('sha256').update(source.trim(), 'utf8').digest('hex');
}

export const questionTextKey = (questionKey: string) => `q.${questionKey}.text`;
export const optionKey = (questionKey: string, index: number) =>
  `q.${questionKey}.option.${index + 1}`;

/** The strings of a survey, in the order respondents read them. */
export function surveyStrings(survey: {
  name: string;
  questions: ReadonlyArray<{ key: string; text: string; options: readonly string[] }>;
}): SourceString[] {
  return [
    { key: 'name', source: survey.name },
    ...survey.questions.flatMap((q) => [
      { key: questionTextKey(q.key), source: q.text },
      ...q.options.map((option, i) => ({ key: optionKey(q.key, i), source: option })),
    ]),
  ];
}

/** Translations that still match their source, by key: what respondents are shown. */
export function currentTranslations(
  strings: readonly SourceString[],
  stored: readonly StoredTranslation[],
): Map<string, string> {
  const byKey = new Map(stored.map((t) => [t.key, t]));
  const out = new Map<string, string>();
  for (const s of strings) {
    const t = byKey.get(s.key);
    if (t && t.sourceHash === hashSource(s.source)) out.set(s.key, t.text);
  }
  return out;
}

export function translationReport(
  language: string,
  strings: readonly SourceString[],
  stored: readonly StoredTranslation[],
): TranslationReport {
  const byKey = new Map(stored.map((t) => [t.key, t]));
  const report: TranslationReport = {
    language,
    total: strings.length,
    current: 0,
    missing: [],
    stale: [],
  };
  for (const s of strings) {
    const t = byKey.get(s.key);
    if (!t) report.missing.push(s);
    else if (t.sourceHash !== hashSource(s.source))
      report.stale.push({ ...s, translation: t.text });
    else report.current++;
  }
  return report;
}

/** The export: every string with its current translation (a stale one too, to revise). */
export function translationCsvRows(
  strings: readonly SourceString[],
  stored: readonly StoredTranslation[],
): string[][] {
  const byKey = new Map(stored.map((t) => [t.key, t.text]));
  return [
    [...TRANSLATION_COLUMNS],
    ...strings.map((s) => [s.key, s.source, byKey.get(s.key) ?? '']),
  ];
}

export interface ParsedTranslations {
  /** Translations to store, each with the hash of the source it was made from. */
  rows: StoredTranslation[];
  errors: RowError[];
}

/**
 * Reads an uploaded translation CSV against the survey's strings. A row's translation is stored
 * with the hash of the `source` written in the file (the text the translator saw): when the
 * survey's text changed after the export, the translation arrives stale and is reported so.
 * Without a `source` column the survey's current source is assumed. Blank translations are
 * skipped. Unknown and repeated keys are errors of their line; any error stores nothing.
 */
export function parseTranslationCsv(
  content: string,
  strings: readonly SourceString[],
): ParsedTranslations {
  const table = readCsv(content, TRANSLATION_COLUMNS, ['key', 'translation']);
  const errors = [...table.errors];
  const sources = new Map(strings.map((s) => [s.key, s.source]));
  const seen = new Set<string>();
  const rows: StoredTranslation[] = [];
  for (const { line, values } of table.rows) {
    const key = values.key ?? '';
    if (!sources.has(key)) {
      errors.push({
        line,
        column: 'key',
        value: key,
        message: key ? 'This survey has no string with this key.' : 'Every row needs a key.',
      });
      continue;
    }
    if (seen.has(key)) {
      errors.push({
        line,
        column: 'key',
        value: key,
        message: 'This key appears twice in the file.',
      });
      continue;
    }
    seen.add(key);
    const translation = values.translation;
    if (!translation) continue;
    rows.push({
      key,
      text: translation,
      sourceHash: hashSource(values.source ?? sources.get(key)!),
    });
  }
  return { rows: errors.length > 0 ? [] : rows, errors };
}
