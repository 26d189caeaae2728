import { BUILTIN_DIMENSIONS, dimensionLabel } from '../analytics/stats/dimension-names';
import { csatItem, npsItem } from '../analytics/stats/metric-rules';
import { QUESTION_KINDS, Question, QuestionKind } from './entities/question.entity';
import { Audience } from './entities/survey.entity';

/** View models shared by the survey editor and the question bank pages. */

export const KIND_LABELS: Record<QuestionKind, string> = {
  likert5: 'Agreement, 1–5 (strongly disagree … strongly agree)',
  nps: 'Likelihood to recommend, 0–10',
  rating5: 'Rating, 1–5 (very dissatisfied … very satisfied)',
  single_choice: 'Single choice',
  text: 'Free text',
};

export const AUDIENCE_LABELS: Record<Audience, string> = {
  employee: 'Employees',
  customer: 'Customers',
};

export const ROLE_LABELS = {
  recommend: 'Recommend item (eNPS / NPS)',
  csat: 'CSAT item',
} as const;

/** Shown where a question's wording has no published source. */
export const TANDEM_ITEM = 'Tandem item';

export const kindOptions = (selected?: string) =>
  QUESTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k], selected: k === selected }));

/** The "Counts as" choices of a question form; a CSAT item only in a customer survey. */
export function roleOptions(audience: Audience, selected: unknown) {
  const value = typeof selected === 'string' ? selected : '';
  return [
    { value: '', label: 'An ordinary question' },
    { value: 'recommend', label: 'The recommend item (eNPS / NPS)' },
    ...(audience === 'customer' ? [{ value: 'csat', label: 'The CSAT item' }] : []),
  ].map((o) => ({ ...o, selected: o.value === value }));
}

/** Dimension names to pick from: the built-in ones and those the company's surveys use. */
export function dimensionChoices(used: readonly string[]): string[] {
  return [...new Set([...BUILTIN_DIMENSIONS, ...used])].map(dimensionLabel);
}

/** A stored dimension key as the form shows it: its label, which turns back into the same key. */
export function dimensionField(values: Record<string, unknown>): Record<string, unknown> {
  const d = values.dimension;
  return typeof d === 'string' && /^[a-z][a-z0-9_]*$/.test(d)
    ? { ...values, dimension: dimensionLabel(d) }
    : values;
}

type ListedQuestion = Pick<
  Question,
  'key' | 'kind' | 'dimension' | 'text' | 'reverseKeyed' | 'metricRole' | 'source'
>;

/** One line of facts about a question, as the editor and the bank list it. */
export function questionFacts<Q extends ListedQuestion>(q: Q) {
  return {
    ...q,
    kindLabel: KIND_LABELS[q.kind],
    dimensionLabel: q.dimension === null ? null : dimensionLabel(q.dimension),
    roleLabel: q.metricRole === null ? null : ROLE_LABELS[q.metricRole],
    sourceLabel: q.source ?? TANDEM_ITEM,
  };
}

/**
 * What the survey's questions add up to, by the same rules the metrics use: its recommend and
 * CSAT items (designated, or found by the rule for surveys without a designation) and one
 * index per dimension of its agreement statements.
 */
export function measuresOf(audience: Audience, questions: readonly ListedQuestion[]) {
  const recommend = npsItem(questions);
  const csat = audience === 'customer' ? csatItem(questions) : undefined;
  const dimensions = new Map<string, { items: number; reversed: number }>();
  for (const q of questions) {
    if (q.kind !== 'likert5' || q.dimension === null) continue;
    const d = dimensions.get(q.dimension) ?? { items: 0, reversed: 0 };
    d.items += 1;
    if (q.reverseKeyed) d.reversed += 1;
    dimensions.set(q.dimension, d);
  }
  return {
    recommend: recommend && { text: recommend.text, chosen: recommend.metricRole === 'recommend' },
    csat: csat && { text: csat.text, chosen: csat.metricRole === 'csat' },
    customer: audience === 'customer',
    indices: [...dimensions].map(([key, d]) => ({
      label: `${dimensionLabel(key)} index`,
      items: d.items,
      reversed: d.reversed,
    })),
  };
}
