import { Injectable } from '@nestjs/common';
import { hashToken } from '../delivery/tokens';
import {
  checkAnswers,
  CheckedAnswers,
  fieldName,
  FORM_ERROR,
  SURVEY_FIELD,
  SurveyForm,
} from './answer-form';
import { AnswerDraftSeal, DraftValues } from './answer-draft';
import { ClosedLinkState, RespondService, ResolvedInvitation } from './respond.service';
import { sectionOfQuestion, sectionsOf, SurveySection } from './survey-sections';

/** The step a one-section-at-a-time form posts (1-based), and where to go from it. */
export const SECTION_FIELD = '_section';
export const GO_FIELD = '_go';
/** GO_FIELD's value for "Previous section"; anything else goes forward. */
export const GO_BACK = 'back';

/** A section to show, with what the person has answered in it so far (and what to fix). */
export interface SectionView {
  /** The link, for the pages' own links (the person's own address, already in their bar). */
  token: string;
  form: SurveyForm;
  invitation: ResolvedInvitation;
  sections: SurveySection[];
  section: SurveySection;
  checked: CheckedAnswers;
}

export type SectionOutcome =
  | ({ kind: 'section' } & SectionView)
  | ({ kind: 'invalid' } & SectionView)
  /** Saved: show section `section` next, with this draft. */
  | { kind: 'moved'; section: number; draft: string[]; check: boolean }
  | { kind: 'stored'; audience: SurveyForm['audience'] }
  | { kind: 'retry' }
  | ClosedLinkState;

/**
 * The survey one section at a time, without script: each step posts its section, which is
 * checked on its own and carried to the next step in a sealed draft the browser keeps
 * (AnswerDraftSeal; nothing is stored on the server until the last step stores the whole
 * response the usual way). Each step answers with a redirect to `?section=n`, so every page in
 * the browser's history is a plain GET: back and forward show a section again with its answers.
 */
@Injectable()
export class SurveyStepsService {
  constructor(
    private readonly respond: RespondService,
    private readonly drafts: AnswerDraftSeal,
  ) {}

  /** Section `number` (clamped to the survey's) with the draft's answers in it. */
  async show(
    token: string,
    number: number,
    draft: readonly string[],
    /** Show what the section still needs (after a step that did not pass its checks). */
    check = false,
  ): Promise<SectionOutcome> {
    const state = await this.respond.resolve(token);
    if (state.kind !== 'open') return state;
    const sections = sectionsOf(state.form);
    const section = sections[Math.min(Math.max(number, 1), sections.length) - 1];
    const values = this.draftValues(token, state.form, draft);
    const own: DraftValues = {};
    for (const q of section.questions) {
      const value = values[fieldName(q.key)];
      if (value !== undefined) own[fieldName(q.key)] = value;
    }
    const checked = check ? checkAnswers(section.form, own) : undefined;
    return {
      kind: checked && !checked.ok ? 'invalid' : 'section',
      token,
      form: state.form,
      invitation: state.invitation,
      sections,
      section,
      checked:
        checked && !checked.ok
          ? checked
          : { ok: true, answers: {}, errors: {}, values: valuesByKey(section, values) },
    };
  }

  /**
   * What the sections have carried so far, for the one page when a person switches to it part
   * way (shown as answered, not checked); undefined when there is nothing.
   */
  carried(token: string, form: SurveyForm, draft: readonly string[]): CheckedAnswers | undefined {
    const values = this.draftValues(token, form, draft);
    const byKey: Record<string, string> = {};
    for (const q of form.questions) {
      const value = values[fieldName(q.key)];
      if (value !== undefined) byKey[q.key] = value;
    }
    if (Object.keys(byKey).length === 0) return undefined;
    return { ok: true, answers: {}, errors: {}, values: byKey };
  }

  /**
   * One step's post: going back keeps what was typed as it is; going forward checks the
   * section first (a section with errors is shown again, by a redirect, with them and what was
   * typed); the last section's "Send" checks the whole response and stores it.
   */
  async submit(
    token: string,
    body: unknown,
    draft: readonly string[],
    /** The language the page was shown in, stored with the answers. */
    language: string | null = null,
  ): Promise<SectionOutcome> {
    const state = await this.respond.resolve(token);
    if (state.kind !== 'open') return state;
    const { form, invitation } = state;
    const sections = sectionsOf(form);
    const posted = isRecord(body) ? body : {};
    const number = Number(posted[SECTION_FIELD]);
    const section = Number.isInteger(number) ? sections[number - 1] : undefined;
    const view = (s: SurveySection, checked: CheckedAnswers): SectionOutcome => ({
      kind: 'invalid',
      token,
      form,
      invitation,
      sections,
      section: s,
      checked,
    });
    if (!section || !isRecord(body) || posted[SURVEY_FIELD] !== form.surveyId)
      return view(sections[0], malformed());

    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(posted))
      if (name !== SECTION_FIELD && name !== GO_FIELD && name !== SURVEY_FIELD)
        fields[name] = value;
    const back = posted[GO_FIELD] === GO_BACK;
    const checked = checkAnswers(section.form, fields);
    // A form that does not fit the section (a stale page, a tampered post) is shown at once.
    if (!back && checked.errors[FORM_ERROR]) return view(section, checked);

    const values = this.draftValues(token, form, draft);
    for (const q of section.questions) delete values[fieldName(q.key)];
    for (const q of section.questions) {
      const value = fields[fieldName(q.key)];
      if (typeof value === 'string') values[fieldName(q.key)] = value;
    }
    /** Saved, then shown: `check` shows the section again with what it needs. */
    const move = (to: number, check: boolean): SectionOutcome => {
      const sealed = this.drafts.seal(binding(token, form), values);
      if (sealed) return { kind: 'moved', section: to, draft: sealed, check };
      const tooLong: CheckedAnswers = {
        ok: false,
        answers: {},
        errors: { ...checked.errors, [FORM_ERROR]: 'errors.draftTooLong' },
        values: valuesByKey(section, values),
      };
      return view(section, tooLong);
    };

    if (back) return move(Math.max(section.number - 1, 1), false);
    // Errors are shown by a redirect too, so that no page in the history is a post.
    if (!checked.ok) return move(section.number, true);
    if (section.number < sections.length) return move(section.number + 1, false);

    // The last step: the whole response, as the one-page form would post it.
    const all = checkAnswers(form, { ...values, [SURVEY_FIELD]: form.surveyId });
    if (!all.ok) {
      const first = Object.keys(all.errors).find((key) => key !== FORM_ERROR);
      const at = (first && sectionOfQuestion(sections, first)) || section;
      return move(at.number, true);
    }
    if (await this.respond.submitByToken(token, form, all.answers, language))
      return { kind: 'stored', audience: form.audience };
    const now = await this.respond.resolve(token);
    return now.kind === 'open' ? { kind: 'retry' } : now;
  }

  private draftValues(token: string, form: SurveyForm, draft: readonly string[]): DraftValues {
    return draft.length > 0 ? this.drafts.open(binding(token, form), draft) : {};
  }
}

/** A draft opens only for the link and survey it was made for. */
const binding = (token: string, form: SurveyForm) =>
  `${hashToken(token).toString('hex')}:${form.surveyId}`;

function valuesByKey(section: SurveySection, values: DraftValues): Record<string, string> {
  const byKey: Record<string, string> = {};
  for (const q of section.questions) {
    const value = values[fieldName(q.key)];
    if (value !== undefined) byKey[q.key] = value;
  }
  return byKey;
}

const malformed = (): CheckedAnswers => ({
  ok: false,
  answers: {},
  errors: { [FORM_ERROR]: 'errors.malformed' },
  values: {},
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
