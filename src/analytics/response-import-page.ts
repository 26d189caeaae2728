import type { RowError } from '../common/csv-reader';
import type { SurveyChoice } from '../surveys/survey-catalog.service';
import { AUDIENCES, type Audience } from '../surveys/entities/survey.entity';
import type { ResponseImportOptions, ResponseImportResult } from './historical-import.service';
import type { SurveyForMapping } from './response-mapping';

/**
 * View models of the past-waves import page (views/analytics/import-responses*.hbs) and the
 * reading of its mapping form. Pure: the controller passes in what the services returned.
 */

export const IMPORT_PATH = '/admin/import/responses';
/** A select's value for "ignore this column" (item keys start with a letter). */
const IGNORE = '-';
/** Errors listed on the preview page; the rest are counted. */
const SHOWN_ERRORS = 200;

const LABELS: Record<Audience, string> = { employee: 'Employee', customer: 'Customer' };
const STATUS: Record<string, string> = {
  matched: 'matched by name',
  mapped: 'mapped',
  'not-asked': 'not asked',
  missing: 'missing',
  ignored: 'ignored',
  unknown: 'not mapped',
};

export type SurveySelection = Record<Audience, string>;

function surveySelects(choices: readonly SurveyChoice[], selected: SurveySelection) {
  return AUDIENCES.map((audience) => ({
    audience,
    label: `${LABELS[audience]} survey`,
    field: `${audience}SurveyId`,
    options: choices
      .filter((c) => c.audience === audience)
      .map((c) => ({ value: c.id, label: c.name, selected: c.id === selected[audience] })),
  }));
}

/** The items of the chosen surveys, as the page lists them under "File format". */
function itemLists(surveys: readonly (SurveyForMapping & { audience: Audience })[]) {
  return surveys.map((s) => ({
    caption: `${LABELS[s.audience]} survey “${s.name}”: keys and dimensions`,
    items: s.items.map((i) => ({ ...i, kindLabel: kindLabel(i.kind) })),
  }));
}

function kindLabel(kind: string): string {
  switch (kind) {
    case 'likert5':
      return 'statement, 1–5';
    case 'rating5':
      return 'rating, 1–5';
    case 'nps':
      return 'recommend, 0–10';
    case 'single_choice':
      return 'one of its choices';
    default:
      return 'comment (text)';
  }
}

export function uploadPageModel(input: {
  choices: readonly SurveyChoice[];
  selected: SurveySelection;
  surveys: readonly (SurveyForMapping & { audience: Audience })[];
  errors?: Record<string, string>;
  result?: ResponseImportResult;
}) {
  return {
    title: 'Import past responses',
    action: IMPORT_PATH,
    selects: surveySelects(input.choices, input.selected),
    itemLists: itemLists(input.surveys),
    errors: input.errors ?? {},
    result: input.result,
  };
}

export function previewPageModel(input: {
  id: string;
  fileName: string;
  choices: readonly SurveyChoice[];
  result: ResponseImportResult;
  /** after a failed import: why nothing was written */
  failed?: boolean;
}) {
  const { result } = input;
  const selected = {
    employee: result.mapping.employee.survey.id,
    customer: result.mapping.customer.survey.id,
  };
  const fileErrors = result.errors.filter(isFileError);
  const rowErrors = result.errors.filter((e) => !isFileError(e)).slice(0, SHOWN_ERRORS);
  const audiences = AUDIENCES.map((audience) => result.mapping[audience])
    .filter((m) => m.inFile)
    .map((m) => {
      const itemOptions = m.items.map((i) => ({
        value: i.key,
        label: `${i.key}${i.dimension ? ` (${i.dimension})` : ''}`,
      }));
      return {
        audience: m.audience,
        label: LABELS[m.audience],
        survey: m.survey,
        items: m.items.map((i) => ({
          ...i,
          kindLabel: kindLabel(i.kind),
          statusLabel: STATUS[i.status],
          missing: i.status === 'missing',
          // A required item with no source can be declared not asked in these waves.
          canMarkNotAsked: i.required && i.source === null,
          notAsked: i.status === 'not-asked' && i.required,
          sampleText:
            i.kind === 'text' ? `${i.answers} comments (not shown)` : i.samples.join(', '),
        })),
        sources: m.sources.map((s, index) => ({
          ...s,
          index,
          statusLabel: STATUS[s.status],
          problem: s.status === 'unknown',
          sampleText: s.samples.join(', '),
          options: [
            {
              value: '',
              label: s.status === 'matched' ? `By name: ${s.item}` : 'Choose an item…',
              selected: s.status === 'matched' || s.status === 'unknown',
            },
            { value: IGNORE, label: 'Ignore this column', selected: s.status === 'ignored' },
            ...itemOptions.map((o) => ({
              ...o,
              selected: s.status === 'mapped' && s.item === o.value,
            })),
          ],
        })),
      };
    });
  return {
    title: `Preview: ${input.fileName}`,
    action: `${IMPORT_PATH}/previews/${input.id}`,
    uploadHref: IMPORT_PATH,
    fileName: input.fileName,
    selects: surveySelects(input.choices, selected),
    audiences,
    result,
    fileErrors: fileErrors.map((e) => e.message),
    rowErrors,
    hiddenErrors: Math.max(0, result.errorCount - fileErrors.length - rowErrors.length),
    canImport: result.errorCount === 0 && result.employeeResponses + result.customerResponses > 0,
    errors: input.failed ? { form: `${input.fileName}: nothing was imported.` } : {},
  };
}

/** A problem with the file or the mapping as a whole reads as a sentence above the table. */
function isFileError(error: RowError): boolean {
  return error.line === 0 || (error.line === 1 && error.column === '');
}

export type PreviewAction = 'check' | 'import';

/** The preview form: chosen surveys, each source's item (or ignore) and items not asked. */
export function readMappingForm(
  body: unknown,
  previous: ResponseImportOptions,
): { action: PreviewAction; options: ResponseImportOptions } {
  const form = (body ?? {}) as Record<string, string | string[] | undefined>;
  const one = (name: string) => {
    const v = form[name];
    return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
  };
  const all = (name: string) => {
    const v = form[name];
    return typeof v === 'string' ? [v] : Array.isArray(v) ? v : [];
  };
  const options: ResponseImportOptions = { surveyIds: {}, mapping: {}, notAsked: {} };
  for (const audience of AUDIENCES) {
    const surveyId = one(`${audience}SurveyId`) || previous.surveyIds?.[audience];
    if (surveyId) options.surveyIds![audience] = surveyId;
    // Another survey has other items: the choices made for the old one no longer apply.
    if (surveyId !== previous.surveyIds?.[audience]) continue;
    const mapping: Record<string, string | null> = {};
    for (let i = 0; form[`${audience}.source.${i}`] !== undefined; i++) {
      const source = one(`${audience}.source.${i}`);
      const item = one(`${audience}.item.${i}`);
      if (item === IGNORE) mapping[source] = null;
      else if (item !== '') mapping[source] = item;
    }
    options.mapping![audience] = mapping;
    options.notAsked![audience] = all(`${audience}.notAsked`).filter((k) => k !== '');
  }
  return { action: one('action') === 'import' ? 'import' : 'check', options };
}
