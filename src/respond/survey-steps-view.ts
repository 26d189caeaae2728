import { BUILTIN_DIMENSIONS, dimensionLabel } from '../analytics/stats/dimension-names';
import { fieldName, SURVEY_FIELD } from './answer-form';
import type { MessageKey, Translator } from './i18n';
import { PageContext, PageModel, QuestionView, surveyPage } from './respond-view';
import { GO_BACK, GO_FIELD, SECTION_FIELD, SectionView } from './survey-steps.service';
import { draftCookiePath, VIEW_ALL } from './survey-layout';
import type { SurveySection } from './survey-sections';

interface ErrorLink {
  href: string;
  label: string;
  message?: string;
}

/** One section of the survey, with the progress through the sections and the way back. */
export function sectionPage(
  tr: Translator,
  ctx: PageContext,
  v: SectionView,
  /** `?lang=…` when a language was asked for, kept on the pages' own links. */
  query = '',
): PageModel {
  const page = surveyPage(tr, ctx, v.form, v.invitation, v.checked);
  const fields = new Set(v.section.questions.map((q) => fieldName(q.key)));
  const questions = (page.questions as QuestionView[]).filter((q) => fields.has(q.field));
  const ids = new Set(questions.map((q) => `#${q.id}`));
  const errorList = (page.errorList as ErrorLink[]).filter((e) => ids.has(e.href));
  const { number } = v.section;
  const count = v.sections.length;
  const progress = tr.t('sections.progress', { number, count });
  const heading = sectionTitle(tr, v.section);
  return {
    ...page,
    title: `${progress}: ${heading} · ${String(page.surveyName)}`,
    questions,
    errorList,
    hasErrors: errorList.length > 0 || !!page.formError,
    hasOptional: v.section.questions.some((q) => !q.required),
    surveyField: SURVEY_FIELD,
    sectionField: SECTION_FIELD,
    goField: GO_FIELD,
    goBack: GO_BACK,
    onePageHref: `${draftCookiePath(v.token)}?view=${VIEW_ALL}${query ? `&${query.slice(1)}` : ''}`,
    step: {
      number,
      count,
      progress,
      heading,
      first: number === 1,
      last: number === count,
    },
  };
}

/** A built-in dimension's title in the person's language; a company's own by its name. */
function sectionTitle(tr: Translator, section: SurveySection): string {
  const d = section.dimension;
  if (d === null) return tr.t('sections.untitled');
  return (BUILTIN_DIMENSIONS as readonly string[]).includes(d)
    ? tr.t(`sections.${d}` as MessageKey)
    : dimensionLabel(d);
}
