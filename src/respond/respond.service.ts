import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashToken, isWellFormedToken } from '../delivery/tokens';
import type { Audience } from '../surveys/entities/survey.entity';
import type { AnswerValue, SurveyForm } from './answer-form';
import { SurveyFormCache } from './survey-form.cache';

/** What a survey link leads to, read in one query. */
export interface ResolvedInvitation {
  invitationId: string;
  audience: Audience;
  cycleId: string;
  accountName: string | null;
  closesAt: Date;
}

export type TokenState =
  | { kind: 'unknown' }
  | { kind: 'answered'; invitation: ResolvedInvitation }
  | { kind: 'not_open'; opensAt: Date; opensSoon: boolean }
  | { kind: 'closed'; closedAt: Date }
  | { kind: 'open'; invitation: ResolvedInvitation; form: SurveyForm };

interface LookupRow {
  invitation_id: string;
  audience: Audience;
  responded: boolean;
  cycle_id: string;
  status: string;
  opens_at: Date;
  closes_at: Date;
  closed_at: Date | null;
  has_opened: boolean;
  has_closed: boolean;
  survey_id: string | null;
  survey_locked: boolean;
  account_name: string | null;
}

/** Token → invitation → cycle → survey (and the customer's account name) in one round trip. */
const LOOKUP = `
  SELECT i.id AS invitation_id, i.audience, i.responded,
         c.id AS cycle_id, c.status, c.opens_at, c.closes_at, c.closed_at,
         c.opens_at <= now() AS has_opened, c.closes_at <= now() AS has_closed,
         s.id AS survey_id, s.locked_at IS NOT NULL AS survey_locked,
         a.name AS account_name
    FROM invitation_tokens t
    JOIN invitations i ON i.id = t.invitation_id
    JOIN cycles c ON c.id = i.cycle_id
    LEFT JOIN surveys s ON s.id = CASE i.audience WHEN 'employee' THEN c.employee_survey_id
                                                  ELSE c.customer_survey_id END
    LEFT JOIN customer_accounts a ON a.id = i.account_id
   WHERE t.token_hash = $1 AND t.purpose = 'survey'`;

/** Claims the invitation only while unanswered and the cycle open; the claim is the guard. */
const CLAIM = `
  UPDATE invitations i SET responded = true
    FROM cycles c
   WHERE i.id = $1 AND NOT i.responded AND c.id = i.cycle_id
     AND c.status = 'open' AND c.opens_at <= now() AND c.closes_at > now()`;

/**
 * One statement, so one transaction: the invitation is marked used and the anonymous row
 * written together. The row copies only cycle, unit, tenure band and today's date.
 */
const STORE_EMPLOYEE = `
  WITH claimed AS (${CLAIM} RETURNING i.cycle_id, i.unit_id, i.tenure_band)
  INSERT INTO employee_responses (cycle_id, unit_id, tenure_band, submitted_on, answers)
  SELECT cycle_id, unit_id, tenure_band, (now() AT TIME ZONE 'UTC')::date, $2::jsonb FROM claimed
  RETURNING 1 AS stored`;

/** Customers are told their answers are linked to their account. */
const STORE_CUSTOMER = `
  WITH claimed AS (${CLAIM} RETURNING i.id, i.cycle_id, i.unit_id, i.account_id, i.contact_id)
  INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, invitation_id, answers)
  SELECT cycle_id, unit_id, account_id, contact_id, id, $2::jsonb FROM claimed
  RETURNING 1 AS stored`;

@Injectable()
export class RespondService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly forms: SurveyFormCache,
  ) {}

  /** Never says more than "unknown" about a token that does not lead to a survey. */
  async resolve(token: string): Promise<TokenState> {
    if (!isWellFormedToken(token)) return { kind: 'unknown' };
    const rows: LookupRow[] = await this.dataSource.query(LOOKUP, [hashToken(token)]);
    const row = rows[0];
    if (!row || !row.survey_id) return { kind: 'unknown' };
    const invitation: ResolvedInvitation = {
      invitationId: row.invitation_id,
      audience: row.audience,
      cycleId: row.cycle_id,
      accountName: row.account_name,
      closesAt: row.closes_at,
    };
    if (row.responded) return { kind: 'answered', invitation };
    if (row.status === 'closed' || row.has_closed)
      return { kind: 'closed', closedAt: row.closed_at ?? row.closes_at };
    if (row.status !== 'open' || !row.has_opened)
      return { kind: 'not_open', opensAt: row.opens_at, opensSoon: row.has_opened };
    return {
      kind: 'open',
      invitation,
      form: await this.forms.get(row.survey_id, row.survey_locked),
    };
  }

  /** Stores the answers and marks the invitation used; false when it was already used or closed. */
  async submit(
    invitation: ResolvedInvitation,
    answers: Record<string, AnswerValue>,
  ): Promise<boolean> {
    const sql = invitation.audience === 'employee' ? STORE_EMPLOYEE : STORE_CUSTOMER;
    const rows: unknown[] = await this.dataSource.query(sql, [
      invitation.invitationId,
      JSON.stringify(answers),
    ]);
    return rows.length === 1;
  }
}
