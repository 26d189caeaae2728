import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CyclesService } from '../cycles/cycles.service';
import type { CycleStatus } from '../cycles/entities/cycle.entity';
import { queryRows } from '../database/sql';
import type { Audience } from '../surveys/entities/survey.entity';
import { hashToken, isWellFormedToken } from './tokens';

export interface ResolvedInvitation {
  invitationId: string;
  audience: Audience;
  unitId: string;
  tenureBand: string | null;
  /** Customers only (customers may be identified); always null for employees. */
  contactId: string | null;
  accountId: string | null;
  responded: boolean;
  unsubscribed: boolean;
  cycle: {
    id: string;
    name: string;
    status: CycleStatus;
    closesAt: Date;
    surveyId: string | null;
  };
  /** The cycle is open and the invitation has not been used. */
  usable: boolean;
}

interface Row {
  invitation_id: string;
  audience: Audience;
  unit_id: string;
  tenure_band: string | null;
  contact_id: string | null;
  account_id: string | null;
  responded: boolean;
  unsubscribed_at: Date | null;
  cycle_id: string;
}

/**
 * Turns an emailed token back into its invitation. Only SHA-256 hashes are stored, so a lookup
 * hashes the token first. Unsubscribe links resolve through here; /s/:token has its own lookup
 * in RespondService (one prepared statement that also decides the link's state).
 */
@Injectable()
export class InvitationTokensService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(forwardRef(() => CyclesService)) private readonly cycles: CyclesService,
  ) {}

  async resolve(
    token: string,
    purpose: 'survey' | 'unsubscribe' = 'survey',
  ): Promise<ResolvedInvitation | null> {
    if (!isWellFormedToken(token)) return null;
    const [r] = await queryRows<Row>(
      this.dataSource,
      `SELECT i.id AS invitation_id, i.audience, i.unit_id, i.tenure_band, i.contact_id, i.account_id,
              i.responded, i.unsubscribed_at, i.cycle_id
         FROM invitation_tokens t
         JOIN invitations i ON i.id = t.invitation_id
        WHERE t.token_hash = $1 AND t.purpose = $2`,
      [hashToken(token), purpose],
    );
    if (!r) return null;
    const cycle = await this.cycles.find(r.cycle_id);
    if (!cycle) return null;
    const employee = r.audience === 'employee';
    return {
      invitationId: r.invitation_id,
      audience: r.audience,
      unitId: r.unit_id,
      tenureBand: r.tenure_band,
      contactId: employee ? null : r.contact_id,
      accountId: employee ? null : r.account_id,
      responded: r.responded,
      unsubscribed: !!r.unsubscribed_at,
      cycle: {
        id: cycle.id,
        name: cycle.name,
        status: cycle.status,
        closesAt: cycle.closesAt,
        surveyId: employee ? cycle.employeeSurveyId : cycle.customerSurveyId,
      },
      usable: cycle.status === 'open' && !r.responded,
    };
  }
}
