import { Injectable } from '@nestjs/common';
import { CycleWindowsService } from '../cycles/cycle-windows.service';
import { SurveyLinksService } from '../delivery/survey-links.service';
import { hashToken, isWellFormedToken } from '../delivery/tokens';
import { AccountsService } from '../directory/accounts.service';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnswerValue, checkAnswers, CheckedAnswers, SURVEY_FIELD, SurveyForm } from './answer-form';
import { AnswerSeal } from './answer-seal';
import { SubmissionWriter } from './submission-writer';
import { SurveyFormCache } from './survey-form.cache';

/** What a survey link leads to. */
export interface ResolvedInvitation {
  audience: Audience;
  accountName: string | null;
  closesAt: Date;
  /** The person's language (directory, at launch); null: the company's default. */
  language: string | null;
}

/**
 * What a link leads to. A used link and a link of a closed cycle are `unknown` like a link that
 * never existed: whoever holds someone else's link learns nothing from it (not whether that
 * person answered, nor that the link was real).
 */
export type TokenState =
  | { kind: 'unknown' }
  | { kind: 'not_open'; opensAt: Date; opensSoon: boolean }
  | { kind: 'open'; invitation: ResolvedInvitation; form: SurveyForm };

/** A link that does not show a form: why not. */
export type ClosedLinkState = Exclude<TokenState, { kind: 'open' }>;

export type SubmitOutcome =
  | { kind: 'stored'; audience: Audience }
  | { kind: 'invalid'; form: SurveyForm; invitation: ResolvedInvitation; checked: CheckedAnswers }
  /** The claim failed although the link still looks open; trying again is all there is. */
  | { kind: 'retry' }
  | ClosedLinkState;

/**
 * The survey pages: what a link leads to (delivery: token → invitation; cycles: the cycle's
 * window by the database's clock, the one the claim checks; surveys: the form; directory: a
 * customer's account name) and storing posted answers (SubmissionWriter).
 */
/** A cycle id no cycle has: the window looked up for a link that leads nowhere. */
const NO_CYCLE = '00000000-0000-0000-0000-000000000000';

@Injectable()
export class RespondService {
  constructor(
    private readonly links: SurveyLinksService,
    private readonly cycles: CycleWindowsService,
    private readonly accounts: AccountsService,
    private readonly forms: SurveyFormCache,
    private readonly writer: SubmissionWriter,
    private readonly seal: AnswerSeal,
  ) {}

  /** Never says more than "unknown" about a token that does not lead to a survey. */
  async resolve(token: string): Promise<TokenState> {
    const link = await this.links.find(token);
    // A used link, a link of a closed cycle and a link that never existed all take the same
    // two steps, so not even the time the answer takes tells them apart.
    const window = await this.cycles.window(
      link?.cycleId ?? NO_CYCLE,
      link?.audience ?? 'employee',
    );
    if (!link || !window?.surveyId || link.responded) return { kind: 'unknown' };
    switch (window.state) {
      case 'closed':
        return { kind: 'unknown' };
      case 'not_open':
        return { kind: 'not_open', opensAt: window.moment, opensSoon: window.hasOpened };
      case 'open': {
        const [form, accountName] = await Promise.all([
          this.forms.get(window.surveyId),
          this.accountName(link.accountId),
        ]);
        if (!form) return { kind: 'unknown' };
        return {
          kind: 'open',
          invitation: {
            audience: link.audience,
            accountName,
            closesAt: window.moment,
            language: link.language,
          },
          form,
        };
      }
    }
  }

  /**
   * Checks a posted form and stores it. When the form names a survey this instance already
   * knows, the answers are checked and stored at once (one transaction checks the link and
   * stores them, together with any other submissions arriving at the same moment);
   * otherwise, or when that finds nothing to store, the link is looked up first to check the
   * answers against its survey or to say why it takes none.
   */
  async submitForm(
    token: string,
    body: unknown,
    language: string | null = null,
  ): Promise<SubmitOutcome> {
    const named = this.forms.peek((body as Record<string, unknown> | null)?.[SURVEY_FIELD]);
    if (named) {
      const checked = checkAnswers(named, body);
      if (checked.ok && (await this.submitByToken(token, named, checked.answers, language)))
        return { kind: 'stored', audience: named.audience };
    }
    const state = await this.resolve(token);
    if (state.kind !== 'open') return state;
    const checked = checkAnswers(state.form, body);
    if (!checked.ok)
      return { kind: 'invalid', form: state.form, invitation: state.invitation, checked };
    if (await this.submitByToken(token, state.form, checked.answers, language))
      return { kind: 'stored', audience: state.form.audience };
    // Another tab or click got there first, or the cycle closed in between.
    const now = await this.resolve(token);
    return now.kind === 'open' ? { kind: 'retry' } : now;
  }

  /**
   * Stores answers already checked against `form`, the token checked in the same transaction
   * (see SubmissionWriter); false when it does not lead to an open, unanswered invitation for
   * that very survey (the caller then looks up why).
   */
  async submitByToken(
    token: string,
    form: SurveyForm,
    answers: Record<string, AnswerValue>,
    /** The language the page was shown in; an employee's is sealed with the answers. */
    language: string | null = null,
  ): Promise<boolean> {
    if (!isWellFormedToken(token)) return false;
    const stored =
      form.audience === 'employee'
        ? this.seal.seal({ answers, submittedOn: new Date().toISOString().slice(0, 10), language })
        : JSON.stringify(answers);
    return this.writer.store(
      form.audience,
      hashToken(token),
      stored,
      form.surveyId,
      form.audience === 'customer' ? language : null,
    );
  }

  private async accountName(accountId: string | null): Promise<string | null> {
    if (!accountId) return null;
    const [account] = await this.accounts.summariesByIds([accountId]);
    return account?.name ?? null;
  }
}
