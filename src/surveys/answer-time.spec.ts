import { estimateAnswerMinutes, SECONDS_PER_QUESTION, SECONDS_TO_START } from './answer-time';
import type { QuestionKind } from './entities/question.entity';

const times = (kind: QuestionKind, n: number): QuestionKind[] => Array<QuestionKind>(n).fill(kind);

describe(estimateAnswerMinutes.name, () => {
  it('gives the built-in employee pulse (eNPS, ten statements, a comment) about 2 minutes', () => {
    // 15 + 8 + 10 × 7 + 45 = 138 s
    expect(estimateAnswerMinutes(['nps', ...times('likert5', 10), 'text'])).toBe(2);
  });

  it('never says less than a minute, even for no questions', () => {
    expect(estimateAnswerMinutes([])).toBe(1);
    expect(estimateAnswerMinutes(['nps'])).toBe(1);
  });

  it('rounds to the nearest minute', () => {
    // 15 + 6 × 7 = 57 s → 1; 15 + 45 + 45 = 105 s → 2; 15 + 2 × 45 + 8 × 7 = 161 s → 3
    expect(estimateAnswerMinutes(times('likert5', 6))).toBe(1);
    expect(estimateAnswerMinutes(times('text', 2))).toBe(2);
    expect(estimateAnswerMinutes([...times('text', 2), ...times('rating5', 8)])).toBe(3);
  });

  it('counts a comment as longer than a scale, and a choice between the two', () => {
    expect(SECONDS_PER_QUESTION.text).toBeGreaterThan(SECONDS_PER_QUESTION.single_choice);
    expect(SECONDS_PER_QUESTION.single_choice).toBeGreaterThan(SECONDS_PER_QUESTION.likert5);
    // 30 statements: 15 + 210 = 225 s → 4 minutes
    expect(estimateAnswerMinutes(times('likert5', 30))).toBe(
      Math.round((SECONDS_TO_START + 210) / 60),
    );
  });
});
