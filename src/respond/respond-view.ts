import type { CheckedAnswers, FormQuestion, SurveyForm } from './answer-form';
import { fieldName, FORM_ERROR, PREFER_NOT_TO_SAY, SURVEY_FIELD } from './answer-form';
import type { MessageKey, MessageParams, Translator } from './i18n';
import type { Messages } from './i18n/en';
import type { ResolvedInvitation } from './respond.service';
import { VIEW_SECTIONS } from './survey-layout';
import { sectionsOf } from './survey-sections';

/** What every respondent page shows besides its own content. */
export interface PageContext {
  /** Empty until an admin names the company: the pages then leave the name out. */
  companyName: string;
  /** The company logo's versioned URL, when one is uploaded. */
  logoUrl?: string;
  timeZone: string;
  anonymityMin: number;
  commentMin: number;
}

export interface PageModel {
  lang: string;
  title: string;
  companyName: string;
  logoUrl?: string;
  s: Messages;
  hasErrors?: boolean;
  [key: string]: unknown;
}

interface OptionView {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

export interface QuestionView {
  ordinal: number;
  field: string;
  id: string;
  text: string;
  optional: boolean;
  markOptional: boolean;
  isText: boolean;
  layout: 'scale' | 'nps' | 'choices' | 'text';
  options: OptionView[];
  /** "Prefer not to say", apart from the scale, on questions that offer it. */
  decline?: OptionView;
  hint?: string;
  hintId: string;
  error?: string;
  errorId: string;
  describedBy?: string;
  value?: string;
  maxLength: number;
  lowLabel?: string;
  highLabel?: string;
}

function optionsFor(q: FormQuestion, s: Messages): Array<{ value: string; label: string }> {
  switch (q.kind) {
    case 'likert5':
      return [1, 2, 3, 4, 5].map((n) => ({
        value: String(n),
        label: s.scale[`likert${n}` as keyof Messages['scale']],
      }));
    case 'rating5':
      return [1, 2, 3, 4, 5].map((n) => ({
        value: String(n),
        label: s.scale[`rating${n}` as keyof Messages['scale']],
      }));
    case 'nps':
      return Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }));
    case 'single_choice':
      return q.options.map((o, i) => ({ value: o, label: q.optionLabels?.[i] ?? o }));
    case 'text':
      return [];
  }
}

function layoutOf(q: FormQuestion): QuestionView['layout'] {
  switch (q.kind) {
    case 'likert5':
    case 'rating5':
      return 'scale';
    case 'nps':
      return 'nps';
    case 'single_choice':
      return 'choices';
    case 'text':
      return 'text';
  }
}

function questionView(
  q: FormQuestion,
  index: number,
  tr: Translator,
  checked: CheckedAnswers | undefined,
): QuestionView {
  const s = tr.messages;
  const field = fieldName(q.key);
  const value = checked?.values[q.key];
  const options = optionsFor(q, s).map((o, i) => ({
    ...o,
    id: `${field}-${i}`,
    checked: value !== undefined && value.trim() === o.value.trim(),
  }));
  const declined = value === PREFER_NOT_TO_SAY;
  const decline =
    q.preferNotToSay && q.kind !== 'text'
      ? {
          id: `${field}-decline`,
          value: PREFER_NOT_TO_SAY,
          label: s.survey.preferNotToSay,
          checked: declined,
        }
      : undefined;
  const errorKey = checked?.errors[q.key];
  const hint =
    q.kind === 'nps'
      ? tr.t('scale.npsHint')
      : q.kind === 'text'
        ? tr.t('scale.textHint', { maxLength: q.maxLength.toLocaleString(s.meta.dateLocale) })
        : undefined;
  const hintId = `${field}-hint`;
  const errorId = `${field}-error`;
  const describedBy = [hint ? hintId : '', errorKey ? errorId : ''].filter(Boolean).join(' ');
  return {
    ordinal: index + 1,
    field,
    id: q.kind === 'text' ? field : (options[0]?.id ?? field),
    text: q.text,
    optional: !q.required,
    // Some survey texts already say so; the marker is not repeated.
    markOptional: !q.required && !q.text.toLowerCase().includes(s.survey.optional.toLowerCase()),
    isText: q.kind === 'text',
    layout: layoutOf(q),
    options,
    decline,
    hint,
    hintId,
    error: errorKey ? tr.t(errorKey, { maxLength: q.maxLength }) : undefined,
    errorId,
    describedBy: describedBy || undefined,
    value: q.kind === 'text' ? value : undefined,
    maxLength: q.maxLength,
    lowLabel: q.kind === 'nps' ? s.scale.npsLow : undefined,
    highLabel: q.kind === 'nps' ? s.scale.npsHigh : undefined,
  };
}

export function basePage(
  tr: Translator,
  ctx: PageContext,
  titleKey: MessageKey,
  params: MessageParams = {},
): PageModel {
  const s = tr.all({
    company: ctx.companyName,
    anonymityMin: ctx.anonymityMin,
    commentMin: ctx.commentMin,
    ...params,
  });
  return {
    lang: tr.locale,
    dir: tr.dir,
    title: tr.t(titleKey, params),
    companyName: ctx.companyName,
    logoUrl: ctx.logoUrl,
    s,
  };
}

/** The survey form, fresh or re-shown with the person's answers and what to fix. */
export function surveyPage(
  tr: Translator,
  ctx: PageContext,
  form: SurveyForm,
  invitation: ResolvedInvitation,
  checked?: CheckedAnswers,
): PageModel {
  const employee = form.audience === 'employee';
  const count = form.questions.length;
  const page = basePage(tr, ctx, employee ? 'survey.titleEmployee' : 'survey.titleCustomer', {
    account: invitation.accountName ?? '',
    closesAt: tr.dateTime(invitation.closesAt),
  });
  const questions = form.questions.map((q, i) => questionView(q, i, tr, checked));
  const errorList = questions
    .filter((q) => q.error)
    .map((q) => ({
      href: `#${q.id}`,
      label: tr.t('errors.questionLabel', { number: q.ordinal }),
      message: q.error,
    }));
  const formErrorKey = checked?.errors[FORM_ERROR];
  const hasErrors = errorList.length > 0 || !!formErrorKey;
  return {
    ...page,
    title: form.name || page.title,
    hasErrors,
    errorList,
    formError: formErrorKey ? tr.t(formErrorKey) : undefined,
    employee,
    surveyName: form.name || page.title,
    surveyId: form.surveyId,
    surveyField: SURVEY_FIELD,
    askedBy: askedBy(page, employee, invitation.accountName),
    time:
      form.minutes <= 1
        ? tr.t('survey.timeOne', { count })
        : tr.t('survey.timeMany', { minutes: form.minutes, count }),
    hasOptional: form.questions.some((q) => !q.required),
    questions,
    // The one-section-at-a-time form, offered where there is more than one section.
    sectionsHref:
      sectionsOf(form).length > 1 ? `?view=${VIEW_SECTIONS}&lang=${tr.locale}` : undefined,
  };
}

function askedBy(page: PageModel, employee: boolean, accountName: string | null | undefined) {
  const s = page.s.survey;
  if (!page.companyName) return employee ? s.askedByEmployeeNoCompany : s.askedByCustomerNoCompany;
  if (employee) return s.askedByEmployee;
  return accountName ? s.askedByCustomer : s.askedByCustomerNoAccount;
}
