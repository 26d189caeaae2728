import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { hashToken, isWellFormedToken } from '../delivery/tokens';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnswerValue, checkAnswers, CheckedAnswers, SURVEY_FIELD, SurveyForm } from './answer-form';
import { AnswerSeal } from './answer-seal';
import { SubmissionWriter } from './submission-writer';
import { SurveyFormCache } from './survey-form.cache';

/** What a survey link leads to, read in one query. */
export interface ResolvedInvitation {
  audience: Audience;
  accountName: string | null;
  closesAt: Date;
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

interface LookupRow {
  audience: Audience;
  state: 'answered' | 'closed' | 'not_open' | 'open';
  /** closes_at while open, opens_at before, closed_at (or closes_at) after. */
  moment: Date;
  has_opened: boolean;
  survey_id: string | null;
  survey_locked: boolean;
  account_name: string | null;
}

/**
 * Token → invitation → cycle → survey (and a customer's account name) in one round trip, the
 * link's state decided by the database's clock, the same one the claim below checks.
 */
const LOOKUP = `
  SELECT i.audience,
         CASE WHEN i.responded THEN 'answered'
              WHEN c.status = 'closed' OR c.closes_at <= now() THEN 'closed'
              WHEN c.status <> 'open' OR c.opens_at > now() THEN 'not_open'
              ELSE 'open' END AS state,
         CASE WHEN c.status = 'closed' OR c.closes_at <= now() THEN coalesce(c.closed_at, c.closes_at)
              WHEN c.status <> 'open' OR c.opens_at > now() THEN c.opens_at
              ELSE c.closes_at END AS moment,
         c.opens_at <= now() AS has_opened,
         s.id AS survey_id, s.locked_at IS NOT NULL AS survey_locked, a.name AS account_name
    FROM invitation_tokens t
    JOIN invitations i ON i.id = t.invitation_id
    JOIN cycles c ON c.id = i.cycle_id
    LEFT JOIN surveys s ON s.id = CASE i.audience WHEN 'employee' THEN c.employee_survey_id
                                                  ELSE c.customer_survey_id END
    LEFT JOIN customer_accounts a ON a.id = i.account_id
   WHERE t.token_hash = $1 AND t.purpose = 'survey'`;

@Injectable()
export class RespondService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly forms: SurveyFormCache,
    private readonly writer: SubmissionWriter,
    private readonly seal: AnswerSeal,
  ) {}

  /** Never says more than "unknown" about a token that does not lead to a survey. */
  async resolve(token: string): Promise<TokenState> {
    if (!isWellFormedToken(token)) return { kind: 'unknown' };
    const rows = await this.run<LookupRow>({
      name: 'respond_lookup',
      text: LOOKUP,
      values: [hashToken(token)],
    });
    const row = rows[0];
    if (!row || !row.survey_id) return { kind: 'unknown' };
    const invitation: ResolvedInvitation = {
      audience: row.audience,
      accountName: row.account_name,
      closesAt: row.moment,
    };
    switch (row.state) {
      case 'answered':
      case 'closed':
        return { kind: 'unknown' };
      case 'not_open':
        return { kind: 'not_open', opensAt: row.moment, opensSoon: row.has_opened };
      case 'open':
        return {
          kind: 'open',
          invitation,
          form: await this.forms.get(row.survey_id, row.survey_locked),
        };
    }
  }

  /**
   * Checks a posted form and stores it. When the form names a survey this instance already
   * knows, the answers are checked and stored at once (one statement checks the link and
   * stores them, together with any other submissions arriving at the same moment);
   * otherwise, or when that finds nothing to store, the link is looked up first to check the
   * answers against its survey or to say why it takes none.
   */
  async submitForm(token: string, body: unknown): Promise<SubmitOutcome> {
    const named = this.forms.peek((body as Record<string, unknown> | null)?.[SURVEY_FIELD]);
    if (named) {
      const checked = checkAnswers(named, body);
      if (checked.ok && (await this.submitByToken(token, named, checked.answers)))
        return { kind: 'stored', audience: named.audience };
    }
    const state = await this.resolve(token);
    if (state.kind !== 'open') return state;
    const checked = checkAnswers(state.form, body);
    if (!checked.ok)
      return { kind: 'invalid', form: state.form, invitation: state.invitation, checked };
    if (await this.submitByToken(token, state.form, checked.answers))
      return { kind: 'stored', audience: state.form.audience };
    // Another tab or click got there first, or the cycle closed in between.
    const now = await this.resolve(token);
    return now.kind === 'open' ? { kind: 'retry' } : now;
  }

  /**
   * Stores answers already checked against `form`, the token checked in the same statement
   * (see SubmissionWriter); false when it does not lead to an open, unanswered invitation for
   * that very survey (the caller then looks up why).
   */
  private async submitByToken(
    token: string,
    form: SurveyForm,
    answers: Record<string, AnswerValue>,
  ): Promise<boolean> {
    if (!isWellFormedToken(token)) return false;
    const stored =
      form.audience === 'employee'
        ? this.seal.seal({ answers, submittedOn: new Date().toISOString().slice(0, 10) })
        : JSON.stringify(answers);
    return this.writer.store(form.audience, hashToken(token), stored, form.surveyId);
  }

  /**
   * The submit path runs on TypeORM's own pg pool with named (prepared) statements: PostgreSQL
   * then parses and plans each statement once per connection instead of on every request,
   * which more than halves the database time of a submission.
   */
  private async run<Row>(query: QueryConfig): Promise<Row[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return (await pool.query(query)).rows as Row[];
  }
}
