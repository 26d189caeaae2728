import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CurrentUser } from '../auth/current-user';
import { queryRows } from '../database/sql';
import { ContactsService } from '../directory/contacts.service';
import { UnitsService } from '../directory/units.service';
import type { FollowUpEventKind } from './entities/follow-up-event.entity';
import type { FollowUpState } from './entities/follow-up.entity';
import { assertCanAct, assertInScope } from './follow-through-access';
import { FollowThroughError, FollowThroughErrorCode } from './follow-through.errors';
import { FollowThroughEvents } from './follow-through-events';
import { FollowUpAction, nextState } from './follow-up-states';
import { FollowUpsService } from './follow-ups.service';
import { HeardYouService } from './heard-you.service';

interface Locked {
  state: FollowUpState;
  unit_id: string;
  account_id: string | null;
  contact_id: string | null;
}

/** The locked row with its unit's path and whether the customer can still receive email. */
type Step = Locked & { path: string; reachable: boolean };

export interface ResolveInput {
  note: string;
  sendHeardYou?: boolean;
  message?: string;
}

interface TrailEvent {
  kind: FollowUpEventKind;
  note?: string | null;
  data?: Record<string, unknown>;
}

export type HeardYouOutcome = 'queued' | 'suppressed' | 'not-requested';

/**
 * Every change to a follow-up: the row is locked, the step checked against the state rules,
 * and the change and its trail event written in one transaction, with who did it.
 */
@Injectable()
export class FollowUpActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly followUps: FollowUpsService,
    private readonly heardYou: HeardYouService,
    private readonly units: UnitsService,
    private readonly contacts: ContactsService,
    private readonly events: FollowThroughEvents,
  ) {}

  async assign(user: CurrentUser, id: string, assigneeId: string, note?: string): Promise<void> {
    await this.step(user, id, 'assign', async (m, row, next) => {
      const people = await this.followUps.assignable(row.unit_id, row.account_id);
      const person = people.find((p) => p.id === assigneeId);
      if (!person)
        throw new FollowThroughError(FollowThroughErrorCode.ASSIGNEE_NOT_IN_UNIT, {
          field: 'assigneeId',
        });
      await m.query(
        `UPDATE follow_ups SET state = $2, assignee_id = $3, updated_at = now() WHERE id = $1`,
        [id, next, assigneeId],
      );
      return { kind: 'assigned', note, data: { assigneeId, assigneeName: person.name } };
    });
  }

  async markContacted(user: CurrentUser, id: string, note?: string): Promise<void> {
    await this.step(user, id, 'contact', async (m, _row, next) => {
      await m.query(
        `UPDATE follow_ups SET state = $2, contacted_at = now(), updated_at = now() WHERE id = $1`,
        [id, next],
      );
      return { kind: 'contacted', note };
    });
  }

  async addNote(user: CurrentUser, id: string, note: string): Promise<void> {
    await this.step(user, id, 'note', async (m) => {
      await m.query(`UPDATE follow_ups SET updated_at = now() WHERE id = $1`, [id]);
      return { kind: 'note', note };
    });
  }

  /**
   * Resolves with a note of what was done. The "we heard you" email is queued only when asked
   * for and the customer can still receive mail; otherwise the trail says why none went out.
   */
  async resolve(user: CurrentUser, id: string, input: ResolveInput): Promise<HeardYouOutcome> {
    let outcome = 'not-requested' as HeardYouOutcome;
    await this.step(user, id, 'resolve', async (m, row, next) => {
      if (input.sendHeardYou) outcome = row.reachable ? 'queued' : 'suppressed';
      await m.query(
        `UPDATE follow_ups
            SET state = $2, resolved_at = now(), resolved_by_id = $3, resolution = $4,
                heard_you = $5, heard_you_message = $6, updated_at = now()
          WHERE id = $1`,
        [
          id,
          next,
          user.id,
          input.note,
          outcome === 'not-requested' ? null : outcome,
          outcome === 'queued' ? input.message || null : null,
        ],
      );
      return {
        kind: 'resolved',
        note: input.note,
        data: { heardYou: outcome },
        after:
          outcome === 'suppressed'
            ? [{ kind: 'heard_you_suppressed', note: 'Not sent: the customer has unsubscribed.' }]
            : [],
      };
    });
    if (outcome === 'queued') await this.heardYou.queue(id);
    await this.events.followUpResolved(id);
    return outcome;
  }

  private async step(
    user: CurrentUser,
    id: string,
    action: FollowUpAction,
    apply: (
      m: EntityManager,
      row: Step,
      next: FollowUpState,
    ) => Promise<TrailEvent & { after?: TrailEvent[] }>,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [locked] = await queryRows<Locked>(
        m,
        `SELECT state, unit_id, account_id, contact_id FROM follow_ups WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!locked) throw new FollowThroughError(FollowThroughErrorCode.FOLLOW_UP_NOT_FOUND);
      const [[unit], [contact]] = await Promise.all([
        this.units.summariesByIds([locked.unit_id]),
        this.contacts.summariesByIds(locked.contact_id ? [locked.contact_id] : []),
      ]);
      const row: Step = { ...locked, path: unit.path, reachable: contact?.reachable ?? false };
      assertInScope(user, row.path);
      assertCanAct(user);
      const next = nextState(row.state, action);
      if (next === null)
        throw new FollowThroughError(FollowThroughErrorCode.STEP_NOT_ALLOWED, {
          state: row.state,
          action,
        });
      const { after = [], ...event } = await apply(m, row, next);
      await this.event(m, user, id, { ...event, fromState: row.state, toState: next });
      for (const later of after) await this.event(m, user, id, later);
    });
  }

  private async event(
    m: EntityManager,
    user: CurrentUser,
    id: string,
    event: TrailEvent & { fromState?: string; toState?: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO follow_up_events (follow_up_id, actor_id, actor_name, kind, from_state, to_state, note, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        id,
        user.id,
        user.name,
        event.kind,
        event.fromState ?? null,
        event.toState ?? null,
        event.note || null,
        JSON.stringify(event.data ?? {}),
      ],
    );
  }
}
