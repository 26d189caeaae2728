import { sharedInstrument } from './instrument-comparison';
import type { SurveyQuestion } from './stats/unit-metrics';
import type { CycleQuestions } from './unit-stats.service';

const likert = (key: string, dimension: string, reverseKeyed = false): SurveyQuestion => ({
  key,
  kind: 'likert5',
  dimension,
  text: key,
  reverseKeyed,
});
const enps: SurveyQuestion = {
  key: 'enps',
  kind: 'nps',
  dimension: 'loyalty',
  text: 'enps',
  metricRole: 'recommend',
};
const comment: SurveyQuestion = { key: 'comment', kind: 'text', dimension: null, text: 'c' };
const cycle = (employee: SurveyQuestion[]): CycleQuestions => ({ employee, customer: [] });

describe(sharedInstrument.name, () => {
  it('leaves cycles that asked the same items alone and says nothing', () => {
    const same = [enps, likert('eng_a', 'engagement'), likert('eng_b', 'engagement'), comment];
    const result = sharedInstrument(
      new Map([
        ['q1', cycle(same)],
        ['q2', cycle([...same].reverse())],
      ]),
    );
    expect(result.note).toBeNull();
    expect(result.questions.get('q2')!.employee).toHaveLength(4);
  });

  it('keeps only the items every cycle asked and names what each figure is computed from', () => {
    const result = sharedInstrument(
      new Map([
        [
          'q1',
          cycle([
            enps,
            likert('eng_a', 'engagement'),
            likert('eng_b', 'engagement'),
            likert('ena_a', 'enablement'),
            comment,
          ]),
        ],
        [
          'q2',
          cycle([
            enps,
            likert('eng_a', 'engagement'),
            likert('eng_b', 'engagement'),
            likert('eng_c', 'engagement'),
          ]),
        ],
      ]),
    );
    expect(result.questions.get('q1')!.employee.map((q) => q.key)).toEqual([
      'enps',
      'eng_a',
      'eng_b',
      'comment',
    ]);
    expect(result.questions.get('q2')!.employee.map((q) => q.key)).toEqual([
      'enps',
      'eng_a',
      'eng_b',
    ]);
    expect(result.note).toBe(
      'These cycles used different surveys, so the trends compare only the items all of them asked: ' +
        'Engagement index from the 2 items they share (the cycles asked 2 to 3); ' +
        'Enablement index left out, as not every cycle asked it. ' +
        'Each cycle’s own report uses all of its items.',
    );
  });

  it('does not count an item as shared when its keying or dimension changed', () => {
    const result = sharedInstrument(
      new Map([
        ['q1', cycle([likert('eng_a', 'engagement'), likert('eng_b', 'engagement')])],
        ['q2', cycle([likert('eng_a', 'engagement'), likert('eng_b', 'engagement', true)])],
        ['q3', cycle([likert('eng_a', 'engagement'), likert('eng_b', 'engagement')])],
      ]),
    );
    expect(result.questions.get('q1')!.employee.map((q) => q.key)).toEqual(['eng_a']);
    expect(result.note).toContain(
      'Engagement index from the 1 item they share (the cycles asked 2)',
    );
  });

  it('says nothing for a single cycle', () => {
    expect(sharedInstrument(new Map([['q1', cycle([enps])]])).note).toBeNull();
  });
});
