import {
  buildSurveyForm,
  checkAnswers,
  FormQuestion,
  FORM_ERROR,
  SURVEY_FIELD,
} from './answer-form';

const QUESTIONS: FormQuestion[] = [
  { key: 'enps', kind: 'nps', text: 'Recommend?', required: true, options: [], maxLength: 2000 },
  { key: 'proud', kind: 'likert5', text: 'Proud?', required: true, options: [], maxLength: 2000 },
  {
    key: 'csat',
    kind: 'rating5',
    text: 'Satisfied?',
    required: false,
    options: [],
    maxLength: 2000,
  },
  {
    key: 'load',
    kind: 'single_choice',
    text: 'Workload?',
    required: true,
    options: ['Light', 'Right', 'Heavy'],
    maxLength: 2000,
  },
  { key: 'comment', kind: 'text', text: 'Anything?', required: false, options: [], maxLength: 10 },
];
const SURVEY_ID = '0b8f7c1e-3d0a-4f6e-9a51-2a7d5c0e9b11';

describe(checkAnswers.name, () => {
  const sut = buildSurveyForm(
    { id: SURVEY_ID, name: 'Pulse', description: '', audience: 'employee' },
    QUESTIONS,
  );
  const valid = { q_enps: '10', q_proud: '5', q_load: 'Right' };

  it('turns a valid form into answers keyed by question, numbers for scored kinds', () => {
    const result = checkAnswers(sut, { ...valid, q_csat: '1', q_comment: ' Good \r\nteam ' });
    expect(result.ok).toBe(true);
    expect(result.answers).toEqual({
      enps: 10,
      proud: 5,
      csat: 1,
      load: 'Right',
      comment: 'Good \nteam',
    });
    expect(result.values).toEqual({});
  });

  it('accepts the survey field naming this survey and stores nothing for it', () => {
    const result = checkAnswers(sut, { ...valid, [SURVEY_FIELD]: SURVEY_ID });
    expect(result.ok).toBe(true);
    expect(Object.keys(result.answers)).not.toContain(SURVEY_FIELD);
  });

  it('refuses a form drawn from another survey', () => {
    const result = checkAnswers(sut, { ...valid, [SURVEY_FIELD]: 'another' });
    expect(result.errors[FORM_ERROR]).toBe('errors.malformed');
  });

  it('asks for every required answer and leaves optional ones alone', () => {
    const result = checkAnswers(sut, { q_comment: '' });
    expect(result.errors).toEqual({
      enps: 'errors.required',
      proud: 'errors.required',
      load: 'errors.required',
    });
  });

  it.each([
    ['q_enps', '11'],
    ['q_enps', '-1'],
    ['q_enps', '7.5'],
    ['q_enps', 'seven'],
    ['q_proud', '0'],
    ['q_proud', '6'],
    ['q_csat', '9'],
    ['q_load', 'right'],
    ['q_load', 'Right '],
  ])('refuses %s = %j as not one of the answers shown', (field, value) => {
    const result = checkAnswers(sut, { ...valid, [field]: value });
    expect(result.errors[field.slice(2)]).toBe('errors.notAChoice');
  });

  it('refuses wrong types: repeated fields, booleans, objects', () => {
    const result = checkAnswers(sut, {
      ...valid,
      q_enps: ['1', '2'],
      q_proud: true,
      q_comment: { a: 1 },
    });
    expect(result.errors).toEqual({
      enps: 'errors.notAChoice',
      proud: 'errors.notAChoice',
      comment: 'errors.notText',
    });
  });

  it.each([['q_other'], ['constructor'], ['__proto__'], ['toString'], ['hasOwnProperty']])(
    'refuses the unknown field %s',
    (name) => {
      const body = Object.create(null) as Record<string, unknown>;
      Object.assign(body, valid);
      Object.defineProperty(body, name, { value: 'x', enumerable: true });
      const result = checkAnswers(sut, body);
      expect(result.ok).toBe(false);
      expect(result.errors[FORM_ERROR]).toBe('errors.unknownField');
    },
  );

  it('refuses text over the limit and hands it back to be shortened', () => {
    const result = checkAnswers(sut, { ...valid, q_comment: '12345678901' });
    expect(result.errors.comment).toBe('errors.tooLong');
    expect(result.values.comment).toBe('12345678901');
    expect(result.values.enps).toBe('10');
  });

  it('keeps text that fits once NUL characters and CRLF line ends are cleaned', () => {
    const result = checkAnswers(sut, { ...valid, q_comment: 'ab\u0000\r\ncd\ud800' });
    expect(result.answers.comment).toBe('ab\ncd\ufffd');
  });

  it('refuses a body that is not a form', () => {
    for (const body of [null, 'q_enps=1', [1, 2], 42])
      expect(checkAnswers(sut, body).errors[FORM_ERROR]).toBe('errors.malformed');
  });
});
