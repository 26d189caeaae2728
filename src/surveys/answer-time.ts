import type { QuestionKind } from './entities/question.entity';

/**
 * Seconds a person takes for one question of each kind: reading a short statement and picking
 * a point on a scale, a 0–10 row, a list of choices, or writing a sentence or two.
 */
export const SECONDS_PER_QUESTION: Readonly<Record<QuestionKind, number>> = {
  likert5: 7,
  rating5: 7,
  nps: 8,
  single_choice: 10,
  text: 45,
};

/** Reading the introduction and the privacy note once. */
export const SECONDS_TO_START = 15;

/**
 * The one estimate of the time a survey takes, in whole minutes (at least 1): the invitation
 * email and the survey page both show this number.
 */
export function estimateAnswerMinutes(kinds: readonly QuestionKind[]): number {
  const seconds = kinds.reduce((sum, kind) => sum + SECONDS_PER_QUESTION[kind], SECONDS_TO_START);
  return Math.max(1, Math.round(seconds / 60));
}
