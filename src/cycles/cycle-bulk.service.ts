import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bulkInsert, column } from '../database/bulk-insert';

/** A cycle that already ran, written whole (the demo company's quarters). */
export interface ClosedCycleRow {
  id: string;
  name: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  opensAt: Date;
  closesAt: Date;
  previousCycleId: string | null;
}

export interface ClosedCycleSettings {
  surveyIds: { employee: string; customer: string };
  reminderDays: readonly number[];
  /** The unit whose subtree every cycle targeted. */
  targetUnitId: string;
  /** How long before opening the cycles were launched. */
  launchedDaysBefore: number;
}

const DAY_MS = 86_400_000;

/** Set-based writes of cycles that ran elsewhere or were simulated, in the caller's transaction. */
@Injectable()
export class CycleBulkService {
  /** Cycles as launched, sent, reminded and closed. */
  async insertClosed(
    m: EntityManager,
    cycles: readonly ClosedCycleRow[],
    settings: ClosedCycleSettings,
  ): Promise<void> {
    const { surveyIds, reminderDays, targetUnitId, launchedDaysBefore } = settings;
    await bulkInsert<ClosedCycleRow>(
      m,
      'cycles',
      [
        column('id', 'uuid', (c) => c.id),
        column('name', 'text', (c) => c.name),
        column('period_label', 'text', (c) => c.label),
        column('period_start', 'date', (c) => c.periodStart),
        column('period_end', 'date', (c) => c.periodEnd),
        column('employee_survey_id', 'uuid', () => surveyIds.employee),
        column('customer_survey_id', 'uuid', () => surveyIds.customer),
        column('opens_at', 'timestamptz', (c) => c.opensAt),
        column('closes_at', 'timestamptz', (c) => c.closesAt),
        column('status', 'text', () => 'closed'),
        column(
          'launched_at',
          'timestamptz',
          (c) => new Date(c.opensAt.getTime() - launchedDaysBefore * DAY_MS),
        ),
        column('invitations_created_at', 'timestamptz', (c) => c.opensAt),
        column('sends_queued_at', 'timestamptz', (c) => c.opensAt),
        column('reminder_rounds_queued', 'int', () => reminderDays.length),
        column('closed_at', 'timestamptz', (c) => c.closesAt),
        column('previous_cycle_id', 'uuid', (c) => c.previousCycleId),
      ],
      cycles,
    );
    const ids = cycles.map((c) => c.id);
    await m.query(`UPDATE cycles SET reminder_days = $2::int[] WHERE id = ANY($1::uuid[])`, [
      ids,
      reminderDays,
    ]);
    await m.query(
      `INSERT INTO cycle_target_units (cycle_id, unit_id) SELECT unnest($1::uuid[]), $2::uuid`,
      [ids, targetUnitId],
    );
  }

  async hasAny(m: EntityManager): Promise<boolean> {
    const [row]: Array<{ any: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM cycles) AS any`,
    );
    return row.any;
  }

  /** Deletes every cycle (its targets go with it). */
  async deleteAll(m: EntityManager): Promise<void> {
    await m.query(`DELETE FROM cycles`);
  }
}
