import type { CsvRow } from '../common/csv-reader';
import {
  headerErrors,
  ImportContext,
  ImportQuestion,
  planResponseImport as planRecords,
  recordsFromJson,
  recordsFromLongRows,
  recordsFromWideRows,
} from './response-import';

/** The long format's rows, each source mapped onto the item of the same key. */
const planResponseImport = (rows: readonly CsvRow[], context: ImportContext) =>
  planRecords(recordsFromLongRows(rows), context);

const q = (key: string, kind: ImportQuestion['kind'], options: string[] = []): ImportQuestion => ({
  key,
  kind,
  options,
  maxLength: 20,
});

const context = (overrides: Partial<ImportContext> = {}): ImportContext => ({
  format: 'long',
  surveyIds: { employee: 's-e', customer: 's-c' },
  surveyNames: { employee: 'Pulse', customer: 'Relationship' },
  units: new Map([
    ['U1', 'unit-1'],
    ['U2', 'unit-2'],
  ]),
  questions: {
    employee: new Map(
      [
        q('enps', 'nps'),
        q('eng_proud', 'likert5'),
        q('comment', 'text'),
        q('team', 'single_choice', ['A', 'B']),
      ].map((x) => [x.key, x]),
    ),
    customer: new Map([q('nps', 'nps'), q('csat', 'rating5')].map((x) => [x.key, x])),
  },
  cycles: new Map(),
  ...overrides,
});

let nextLine = 2;
const row = (values: Partial<Record<string, string>>): CsvRow => ({
  line: nextLine++,
  values: {
    cycle_label: '2024-Q1',
    period_start: '2024-01-01',
    period_end: '2024-03-31',
    respondent_type: 'employee',
    unit_external_id: 'U1',
    response_id: 'R1',
    question_key: 'eng_proud',
    value: '4',
    ...values,
  },
});

describe(planRecords.name, () => {
  beforeEach(() => {
    nextLine = 2;
  });

  it('groups rows with the same response id into one response per cycle and respondent type', () => {
    const plan = planResponseImport(
      [
        row({ question_key: 'enps', value: '9' }),
        row({ question_key: 'eng_proud', value: '5' }),
        row({ question_key: 'comment', value: 'Less travel' }),
        row({ respondent_type: 'customer', question_key: 'nps', value: '10' }),
        row({ response_id: 'R2', unit_external_id: 'U2', value: '2' }),
      ],
      context(),
    );
    expect(plan.errors).toEqual([]);
    expect(plan.cycles).toEqual([
      { label: '2024-Q1', periodStart: '2024-01-01', periodEnd: '2024-03-31', existingId: null },
    ]);
    expect(plan.responses).toEqual([
      {
        cycleLabel: '2024-Q1',
        audience: 'employee',
        unitId: 'unit-1',
        answers: { enps: 9, eng_proud: 5, comment: 'Less travel' },
      },
      { cycleLabel: '2024-Q1', audience: 'customer', unitId: 'unit-1', answers: { nps: 10 } },
      { cycleLabel: '2024-Q1', audience: 'employee', unitId: 'unit-2', answers: { eng_proud: 2 } },
    ]);
  });

  it('treats a blank value as a skipped question', () => {
    const plan = planResponseImport([row({ value: undefined })], context());
    expect(plan.errors).toEqual([]);
    expect(plan.responses[0].answers).toEqual({});
  });

  it("names the line and column of each problem (unknown keys are the mapping's to report)", () => {
    const plan = planResponseImport(
      [
        row({ question_key: 'unknown' }),
        row({ value: '6' }),
        row({ question_key: 'enps', value: '7.5' }),
        row({ question_key: 'team', value: 'C' }),
        row({ question_key: 'comment', value: 'x'.repeat(21) }),
        row({ unit_external_id: 'U9' }),
        row({ respondent_type: 'vendor' }),
        row({ period_end: '2024-02-30' }),
        row({ response_id: undefined }),
        row({ respondent_type: 'customer', question_key: 'eng_proud' }),
      ],
      context(),
    );
    expect(plan.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'value'],
      [4, 'value'],
      [5, 'value'],
      [6, 'value'],
      [7, 'unit_external_id'],
      [8, 'respondent_type'],
      [9, 'period_end'],
      [10, 'response_id'],
    ]);
  });

  it('refuses a cycle whose rows disagree on the period, and a period that ends before it starts', () => {
    const plan = planResponseImport(
      [
        row({}),
        row({ response_id: 'R2', period_end: '2024-04-30' }),
        row({ cycle_label: 'X', period_end: '2023-12-31' }),
      ],
      context(),
    );
    expect(plan.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'period_end'],
      [4, 'period_end'],
    ]);
  });

  it('refuses a response split across units and a question answered twice', () => {
    const plan = planResponseImport(
      [
        row({}),
        row({ unit_external_id: 'U2', question_key: 'enps', value: '8' }),
        row({ value: '3' }),
      ],
      context(),
    );
    expect(plan.errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'unit_external_id'],
      [4, 'question_key'],
    ]);
  });

  it('reuses an imported cycle by label but never a cycle run in Tandem, nor imports a side twice', () => {
    const existing = (imported: boolean, employeeResponses = 0) =>
      context({
        cycles: new Map([
          [
            '2024-Q1',
            {
              id: 'c1',
              label: '2024-Q1',
              periodStart: '2024-01-01',
              periodEnd: '2024-03-31',
              imported,
              employeeResponses,
              customerResponses: 0,
              employeeSurveyId: 's-e',
              customerSurveyId: 's-c',
            },
          ],
        ]),
      });
    expect(planResponseImport([row({})], existing(true)).cycles[0].existingId).toBe('c1');
    expect(planResponseImport([row({})], existing(false)).errors[0]).toMatchObject({
      column: 'cycle_label',
    });
    expect(planResponseImport([row({})], existing(true, 40)).errors[0].message).toMatch(
      /already has employee responses/,
    );
  });

  it('explains that identity columns are refused for privacy', () => {
    const [identity, other] = headerErrors(['email', 'colour']);
    expect(identity).toMatchObject({ line: 1, column: 'email' });
    expect(identity.message).toMatch(/without identity/);
    expect(other.message).toMatch(/Unknown column/);
  });

  it('reads a wide row as one response, reporting a bad value under its own column', () => {
    const records = recordsFromWideRows(
      [
        { line: 2, values: { ...row({}).values, enps: '9', eng_proud: '4', comment: 'More time' } },
        { line: 3, values: { ...row({}).values, response_id: undefined, enps: '11' } },
      ],
      ['enps', 'eng_proud', 'comment'],
    );
    const plan = planRecords(records, context({ format: 'wide' }));
    expect(plan.responses[0]).toEqual({
      cycleLabel: '2024-Q1',
      audience: 'employee',
      unitId: 'unit-1',
      answers: { enps: 9, eng_proud: 4, comment: 'More time' },
    });
    expect(plan.errors).toEqual([
      {
        line: 3,
        column: 'enps',
        message: '"enps" takes a whole number from 0 to 10.',
        value: '11',
      },
    ]);
  });

  it('refuses a wide row that repeats a response id', () => {
    const records = recordsFromWideRows(
      [
        { line: 2, values: { ...row({}).values, enps: '9' } },
        { line: 3, values: { ...row({}).values, enps: '8' } },
      ],
      ['enps'],
    );
    const plan = planRecords(records, context({ format: 'wide' }));
    expect(plan.errors).toEqual([
      { line: 3, column: 'response_id', message: 'Response R1 is on line 2 already.' },
    ]);
  });

  it('numbers JSON responses from 1 and drops blank answers', () => {
    const records = recordsFromJson([
      {
        cycleLabel: '2024-Q1',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
        respondentType: 'customer',
        unitExternalId: 'U2',
        answers: { nps: 10, csat: '', extra: null },
      },
    ]);
    expect(records).toEqual([
      {
        line: 1,
        values: {
          cycle_label: '2024-Q1',
          period_start: '2024-01-01',
          period_end: '2024-03-31',
          respondent_type: 'customer',
          unit_external_id: 'U2',
          response_id: undefined,
        },
        cells: [{ source: 'nps', raw: '10', valueColumn: 'nps' }],
      },
    ]);
    expect(planRecords(records, context({ format: 'json' })).responses[0].answers).toEqual({
      nps: 10,
    });
  });

  it('keeps an imported cycle on its own survey', () => {
    const cycles = new Map([
      [
        '2024-Q1',
        {
          id: 'c1',
          label: '2024-Q1',
          periodStart: '2024-01-01',
          periodEnd: '2024-03-31',
          imported: true,
          employeeResponses: 0,
          customerResponses: 12,
          employeeSurveyId: 'another-survey',
          customerSurveyId: 's-c',
        },
      ],
    ]);
    const [error] = planResponseImport([row({})], context({ cycles })).errors;
    expect(error).toMatchObject({ line: 2, column: 'cycle_label' });
    expect(error.message).toMatch(/uses another employee survey than "Pulse"/);
  });
});
