import { recordsFromLongRows, recordsFromWideRows } from './response-import';
import {
  MappingItem,
  normalizeName,
  resolveMapping,
  sourcesOf,
  SurveyForMapping,
} from './response-mapping';

const item = (key: string, text: string, overrides: Partial<MappingItem> = {}): MappingItem => ({
  key,
  text,
  kind: 'likert5',
  dimension: 'engagement',
  required: true,
  options: [],
  maxLength: 2000,
  ...overrides,
});

const survey: SurveyForMapping = {
  id: 's1',
  name: 'Our pulse',
  items: [
    item('proud', 'I am proud to work here.'),
    item('energy', 'I feel full of energy at work.'),
    item('stay', 'I plan to stay.', { required: false }),
    item('comment', 'Anything else?', { kind: 'text', dimension: null, required: false }),
  ],
};

const fields = {
  cycle_label: '2023',
  period_start: '2023-01-01',
  period_end: '2023-12-31',
  respondent_type: 'employee',
  unit_external_id: 'U1',
};

const wide = (rows: Record<string, string>[]) => {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return recordsFromWideRows(
    rows.map((values, i) => ({ line: i + 2, values: { ...fields, ...values } })),
    columns,
  );
};

describe(resolveMapping.name, () => {
  it('matches sources by key or wording, whatever the case and punctuation', () => {
    expect(normalizeName('  I am Proud to work here! ')).toBe('i_am_proud_to_work_here');
    const records = wide([
      { proud: '4', i_am_proud_to_work_here_: '5' },
      { PROUD: '3', energy: '5' },
    ]);
    const sources = sourcesOf(records, 'employee', 'wide');
    const mapping = resolveMapping({ audience: 'employee', survey, sources, strict: true });
    expect(mapping.sources.map((s) => [s.source, s.item, s.status])).toEqual([
      ['proud', 'proud', 'matched'],
      ['i_am_proud_to_work_here_', null, 'unknown'],
      ['PROUD', null, 'unknown'],
      ['energy', 'energy', 'matched'],
    ]);
    expect(mapping.errors.map((e) => [e.line, e.column])).toEqual([
      [1, 'i_am_proud_to_work_here_'],
      [1, 'PROUD'],
    ]);
    expect(mapping.errors[0].message).toMatch(/both map to "proud"/);
  });

  it('reports unknown sources, required items without one, and a mapping to a missing item', () => {
    const records = wide([{ q1: '4', q2: '5', q9: '1', notes: 'x' }]);
    const mapping = resolveMapping({
      audience: 'employee',
      survey,
      sources: sourcesOf(records, 'employee', 'wide'),
      request: { q1: 'proud', q2: 'energie', notes: null },
      strict: true,
    });
    expect(mapping.errors).toEqual([
      {
        line: 0,
        column: 'q2',
        message:
          '"q2" is mapped to "energie", which the employee survey "Our pulse" does not have.',
        value: 'energie',
      },
      {
        line: 1,
        column: 'q9',
        message:
          '"q9" matches no item of the employee survey "Our pulse": map it to an item or ignore it.',
        value: 'q9',
      },
      {
        line: 0,
        column: '',
        message:
          'Required item "energy" (I feel full of energy at work.) of the employee survey "Our pulse" has no column or key in the file: map one to it, or mark it as not asked in these waves.',
      },
    ]);
    expect(mapping.items.map((i) => [i.key, i.source, i.status])).toEqual([
      ['proud', 'q1', 'mapped'],
      ['energy', null, 'missing'],
      ['stay', null, 'not-asked'],
      ['comment', null, 'not-asked'],
    ]);
    expect(mapping.sources.find((s) => s.source === 'notes')?.status).toBe('ignored');
  });

  it('accepts a required item declared not asked, and is lenient when not strict', () => {
    const sources = sourcesOf(wide([{ proud: '4' }]), 'employee', 'wide');
    const declared = resolveMapping({
      audience: 'employee',
      survey,
      sources,
      notAsked: ['energy'],
      strict: true,
    });
    expect(declared.errors).toEqual([]);
    expect(declared.items[1].status).toBe('not-asked');
    expect(resolveMapping({ audience: 'employee', survey, sources, strict: false }).errors).toEqual(
      [],
    );
  });

  it('shows sample values per item, but never the wording of comments', () => {
    const records = recordsFromLongRows(
      ['4', '5', '4', '2', '1', '3', '5'].flatMap((value, i) => [
        {
          line: 2 * i + 2,
          values: { ...fields, response_id: `R${i}`, question_key: 'proud', value },
        },
        {
          line: 2 * i + 3,
          values: {
            ...fields,
            response_id: `R${i}`,
            question_key: 'comment',
            value: `secret ${i}`,
          },
        },
      ]),
    );
    const mapping = resolveMapping({
      audience: 'employee',
      survey,
      sources: sourcesOf(records, 'employee', 'long'),
      notAsked: ['energy'],
      strict: true,
    });
    expect(mapping.items[0]).toMatchObject({
      key: 'proud',
      source: 'proud',
      answers: 7,
      samples: ['4', '5', '2', '1', '3'],
    });
    expect(mapping.items[3]).toMatchObject({ key: 'comment', answers: 7, samples: [] });
    expect(JSON.stringify(mapping)).not.toContain('secret');
  });

  it('reports an unknown question key of the long format at its first row', () => {
    const records = recordsFromLongRows([
      { line: 2, values: { ...fields, response_id: 'R1', question_key: 'proud', value: '4' } },
      { line: 3, values: { ...fields, response_id: 'R1', question_key: 'zeal', value: '4' } },
      { line: 4, values: { ...fields, response_id: 'R2', question_key: 'zeal', value: '5' } },
    ]);
    const mapping = resolveMapping({
      audience: 'employee',
      survey,
      sources: sourcesOf(records, 'employee', 'long'),
      strict: false,
    });
    expect(mapping.errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [3, 'question_key', 'zeal'],
    ]);
  });
});
