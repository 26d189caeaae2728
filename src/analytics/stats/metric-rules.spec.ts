import {
  csatItem,
  LIKERT_MAX,
  LIKERT_MIN,
  LIKERT_REVERSE_SUM,
  likertScore,
  npsItem,
} from './metric-rules';

const q = (key: string, kind: string, extra: { dimension?: string; metricRole?: string } = {}) => ({
  key,
  kind,
  dimension: extra.dimension ?? null,
  metricRole: extra.metricRole ?? null,
});

describe('metric rules: designated items and reverse keying', () => {
  it('takes the question designated recommend, wherever it is', () => {
    const questions = [q('first', 'nps'), q('second', 'nps', { metricRole: 'recommend' })];
    expect(npsItem(questions)?.key).toBe('second');
  });

  it('falls back to the first 0–10 question when none is designated (surveys made before designations)', () => {
    expect(npsItem([q('rating', 'rating5'), q('first', 'nps'), q('second', 'nps')])?.key).toBe(
      'first',
    );
    expect(npsItem([q('rating', 'rating5')])).toBeUndefined();
  });

  it('takes the question designated csat before the key, dimension and position rules', () => {
    const questions = [
      q('csat', 'rating5'),
      q('overall', 'rating5', { dimension: 'satisfaction' }),
      q('visit', 'rating5', { metricRole: 'csat' }),
    ];
    expect(csatItem(questions)?.key).toBe('visit');
    expect(csatItem(questions.slice(0, 2))?.key).toBe('csat');
  });

  it('ignores a designation on a question of the wrong kind', () => {
    expect(npsItem([q('x', 'likert5', { metricRole: 'recommend' }), q('y', 'nps')])?.key).toBe('y');
    expect(csatItem([q('x', 'likert5', { metricRole: 'csat' })])).toBeUndefined();
  });

  it('scores a reverse-keyed answer as 6 − answer and leaves others as given', () => {
    expect(LIKERT_REVERSE_SUM).toBe(LIKERT_MIN + LIKERT_MAX);
    expect([1, 2, 3, 4, 5].map((a) => likertScore(a, true))).toEqual([5, 4, 3, 2, 1]);
    expect([1, 2, 3, 4, 5].map((a) => likertScore(a, false))).toEqual([1, 2, 3, 4, 5]);
  });
});
