import { buildSurveyForm, FormQuestion, SurveyForm } from './answer-form';

/**
 * One page of the one-section-at-a-time survey: a run of consecutive questions on the same
 * dimension, with the unscored questions (comments, choices without a dimension) that follow it.
 */
export interface SurveySection {
  /** 1-based */
  number: number;
  /** The dimension the section asks about; null for unscored questions before any scored one. */
  dimension: string | null;
  questions: FormQuestion[];
  /** The section's questions as a form of their own, to check what one step posts. */
  form: SurveyForm;
}

const cache = new WeakMap<SurveyForm, SurveySection[]>();

/**
 * The survey's sections, in the survey's order (questions are never reordered, so their numbers
 * stay those of the one-page form). Built once per form.
 */
export function sectionsOf(form: SurveyForm): SurveySection[] {
  const cached = cache.get(form);
  if (cached) return cached;
  const runs: Array<{ dimension: string | null; questions: FormQuestion[] }> = [];
  for (const q of form.questions) {
    const dimension = q.dimension ?? null;
    const current = runs.at(-1);
    if (current && (dimension === null || dimension === current.dimension))
      current.questions.push(q);
    else runs.push({ dimension, questions: [q] });
  }
  const survey = {
    id: form.surveyId,
    name: form.name,
    description: form.description,
    audience: form.audience,
  };
  const sections = runs.map((run, i) => ({
    number: i + 1,
    dimension: run.dimension,
    questions: run.questions,
    form: buildSurveyForm(survey, run.questions),
  }));
  // A survey without questions still has one (empty) page to send.
  const result = sections.length > 0 ? sections : [emptySection(form)];
  cache.set(form, result);
  return result;
}

function emptySection(form: SurveyForm): SurveySection {
  return { number: 1, dimension: null, questions: [], form };
}

/** The section a question belongs to. */
export function sectionOfQuestion(
  sections: readonly SurveySection[],
  key: string,
): SurveySection | undefined {
  return sections.find((s) => s.questions.some((q) => q.key === key));
}
