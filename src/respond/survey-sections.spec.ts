import { buildSurveyForm, checkAnswers, FormQuestion, PREFER_NOT_TO_SAY } from './answer-form';
import { sectionsOf } from './survey-sections';

const q = (key: string, kind: FormQuestion['kind'], dimension: string | null, extra = {}) => ({
  key,
  kind,
  text: key,
  required: true,
  options: kind === 'single_choice' ? ['A', 'B'] : [],
  maxLength: 200,
  dimension,
  ...extra,
});
const SURVEY = { id: '0b8f7c1e-3d0a-4f6e-9a51-2a7d5c0e9b11', name: 'Pulse', description: '' };

describe(sectionsOf.name, () => {
  it('makes a section of each run of one dimension, unscored questions joining the run before', () => {
    const form = buildSurveyForm({ ...SURVEY, audience: 'employee' }, [
      q('enps', 'nps', 'loyalty'),
      q('proud', 'likert5', 'engagement'),
      q('stay', 'likert5', 'engagement'),
      q('tools', 'likert5', 'enablement'),
      q('manager', 'likert5', 'manager'),
      q('comment', 'text', null, { required: false }),
    ]);
    const sections = sectionsOf(form);
    expect(sections.map((s) => [s.number, s.dimension, s.questions.map((x) => x.key)])).toEqual([
      [1, 'loyalty', ['enps']],
      [2, 'engagement', ['proud', 'stay']],
      [3, 'enablement', ['tools']],
      [4, 'manager', ['manager', 'comment']],
    ]);
    // Built once per form, and questions keep the survey's order.
    expect(sectionsOf(form)).toBe(sections);
    expect(sections.flatMap((s) => s.questions)).toEqual(form.questions);
  });

  it('keeps a dimension that comes back later as a section of its own, and starts with unscored questions', () => {
    const sections = sectionsOf(
      buildSurveyForm({ ...SURVEY, audience: 'customer' }, [
        q('role', 'single_choice', null),
        q('a', 'likert5', 'trust'),
        q('b', 'likert5', 'respect'),
        q('c', 'likert5', 'trust'),
      ]),
    );
    expect(sections.map((s) => s.dimension)).toEqual([null, 'trust', 'respect', 'trust']);
  });

  it('checks a section on its own: a step needs only its own questions', () => {
    const form = buildSurveyForm({ ...SURVEY, audience: 'employee' }, [
      q('enps', 'nps', 'loyalty'),
      q('proud', 'likert5', 'engagement'),
    ]);
    const [first, second] = sectionsOf(form);
    expect(checkAnswers(first.form, { q_enps: '9' }).ok).toBe(true);
    expect(checkAnswers(first.form, { q_enps: '9', q_proud: '4' }).errors).toEqual({
      _form: 'errors.unknownField',
    });
    expect(checkAnswers(second.form, {}).errors).toEqual({ proud: 'errors.required' });
  });

  it('gives a survey without questions one empty section', () => {
    const sections = sectionsOf(buildSurveyForm({ ...SURVEY, audience: 'employee' }, []));
    expect(sections).toHaveLength(1);
    expect(sections[0].questions).toEqual([]);
  });
});

describe('"Prefer not to say" in checkAnswers', () => {
  const form = buildSurveyForm({ ...SURVEY, audience: 'employee' }, [
    q('enps', 'nps', 'loyalty', { preferNotToSay: true }),
    q('proud', 'likert5', 'engagement', { preferNotToSay: true }),
    q('team', 'single_choice', null, { preferNotToSay: true }),
    q('tools', 'likert5', 'enablement'),
  ]);

  it('answers a required question without storing anything for it', () => {
    const result = checkAnswers(form, {
      q_enps: PREFER_NOT_TO_SAY,
      q_proud: PREFER_NOT_TO_SAY,
      q_team: PREFER_NOT_TO_SAY,
      q_tools: '2',
    });
    expect(result.ok).toBe(true);
    expect(result.answers).toEqual({ tools: 2 });
  });

  it('is refused where it is not offered, and shown again as chosen when the form has errors', () => {
    const result = checkAnswers(form, { q_enps: PREFER_NOT_TO_SAY, q_tools: PREFER_NOT_TO_SAY });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual({
      proud: 'errors.required',
      team: 'errors.required',
      tools: 'errors.notAChoice',
    });
    expect(result.values.enps).toBe(PREFER_NOT_TO_SAY);
    expect(result.answers).toEqual({});
  });
});
