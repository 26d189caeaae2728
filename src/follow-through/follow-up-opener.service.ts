import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import { JobQueue } from '../delivery/job-queue.service';
import { addBusinessDaysSql } from './business-days';

export const SWEEP_QUEUE = 'follow-up-sweep';

/** A numeric answer under a question key, or null (the answers are jsonb; imports may hold text). */
const numberAt = (key: string) =>
  `CASE WHEN (r.answers->>${key}) ~ '^[[:space:]]*-?[0-9]+([.][0-9]+)?[[:space:]]*$'
        THEN round((r.answers->>${key})::numeric)::int END`;

/**
 * One statement opens every follow-up still missing: customer answers of live cycles that are
 * a detractor (NPS 0–6), a CSAT of 1–2 or a comment, with no follow-up yet. The questions are
 * found per survey the way the metrics find them (the NPS item; the CSAT item by key
 * `csat`, else the satisfaction dimension, else the first rating; every text item). The unit
 * is the one serving the account now (the unit at send time if the account is gone); the due
 * time counts business days from the answer. The unique response_id makes it idempotent.
 */
const OPEN_SQL = (cycleFilter: string) => `
  WITH candidates AS (
    SELECT r.id AS response_id, r.cycle_id, coalesce(a.unit_id, r.unit_id) AS unit_id,
           r.account_id, r.contact_id, r.submitted_at,
           ${numberAt('nq.key')} AS nps, ${numberAt('cq.key')} AS csat, tq.comment
      FROM cycles c
      JOIN customer_responses r ON r.cycle_id = c.id
      LEFT JOIN customer_accounts a ON a.id = r.account_id AND a.deactivated_at IS NULL
      LEFT JOIN LATERAL (
        SELECT q.key FROM questions q
         WHERE q.survey_id = c.customer_survey_id AND q.kind = 'nps'
         ORDER BY q.position LIMIT 1) nq ON true
      LEFT JOIN LATERAL (
        SELECT q.key FROM questions q
         WHERE q.survey_id = c.customer_survey_id AND q.kind = 'rating5'
         ORDER BY q.key = 'csat' DESC, q.dimension IS NOT DISTINCT FROM 'satisfaction' DESC, q.position
         LIMIT 1) cq ON true
      LEFT JOIN LATERAL (
        SELECT string_agg(btrim(r.answers->>q.key), chr(10) || chr(10) ORDER BY q.position) AS comment
          FROM questions q
         WHERE q.survey_id = c.customer_survey_id AND q.kind = 'text'
           AND btrim(coalesce(r.answers->>q.key, '')) <> '') tq ON true
     WHERE NOT c.imported AND ${cycleFilter}
       AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.response_id = r.id)
  ), flagged AS (
    SELECT *, array_remove(ARRAY[
             CASE WHEN nps BETWEEN 0 AND 6 THEN 'detractor' END,
             CASE WHEN csat BETWEEN 1 AND 2 THEN 'low_csat' END,
             CASE WHEN comment IS NOT NULL THEN 'comment' END], NULL) AS reasons
      FROM candidates
  ), inserted AS (
    INSERT INTO follow_ups (response_id, cycle_id, unit_id, account_id, contact_id, reasons,
                            nps, csat, comment, opened_at, due_at)
    SELECT response_id, cycle_id, unit_id, account_id, contact_id, reasons, nps, csat, comment,
           submitted_at, ${addBusinessDaysSql('submitted_at', '$1::int')}
      FROM flagged
     WHERE cardinality(reasons) > 0
    ON CONFLICT (response_id) DO NOTHING
    RETURNING id
  )
  INSERT INTO follow_up_events (follow_up_id, kind, to_state, note)
  SELECT id, 'opened', 'open', NULL FROM inserted
  RETURNING follow_up_id`;

/**
 * Opens follow-ups from customer answers. Chosen over a hook in the respond module: the submit
 * path stays one benchmarked statement with no extra work, and a set-based sweep every minute
 * (pg-boss cron, plus once more when a cycle closes) catches every answer exactly once, from
 * any instance, even ones stored while the workers were down.
 */
@Injectable()
export class FollowUpOpener implements OnModuleInit {
  private readonly logger = new Logger(FollowUpOpener.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly events: CycleEvents,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({ name: SWEEP_QUEUE, policy: 'short', retryLimit: 2, retryDelay: 30 });
    this.jobs.work({ queue: SWEEP_QUEUE, handler: async () => void (await this.openPending()) });
    this.jobs.scheduleEvery(SWEEP_QUEUE, '* * * * *');
    this.events.onClosed(async ({ cycleId }) => void (await this.openPending(cycleId)));
  }

  /**
   * Opens the follow-ups still missing for open cycles and those closed in the last two days
   * (or for one cycle, when given); returns how many were opened.
   */
  async openPending(cycleId?: string): Promise<number> {
    const params: unknown[] = [this.config.get('followUp', { infer: true }).dueBusinessDays];
    let filter = `(c.status = 'open' OR c.closed_at > now() - interval '2 days')`;
    if (cycleId !== undefined) {
      params.push(cycleId);
      filter = `c.id = $2::uuid`;
    }
    const rows: unknown[] = await this.dataSource.query(OPEN_SQL(filter), params);
    if (rows.length > 0) this.logger.log(`Opened ${rows.length} customer follow-ups`);
    return rows.length;
  }
}
