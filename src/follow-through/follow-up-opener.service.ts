import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import {
  CSAT_ITEM,
  CSAT_MIN,
  LOW_CSAT_MAX,
  NPS_DETRACTOR_MAX,
  NPS_ITEM_KIND,
  NPS_MIN,
} from '../analytics/stats/metric-rules';
import { JobQueue } from '../jobs/job-queue.service';
import { addBusinessDaysSql } from './business-days';

export const SWEEP_QUEUE = 'follow-up-sweep';
export const FULL_SWEEP_QUEUE = 'follow-up-sweep-all';
/** The minute sweep looks this far back (job delays, slow commits); the hourly one at everything. */
const RECENT = '15 minutes';

/** A numeric answer, or null (the answers are jsonb; imports may hold text). */
const numberAt = (value: string) =>
  `CASE WHEN (${value}) ~ '^[[:space:]]*-?[0-9]+([.][0-9]+)?[[:space:]]*$'
        THEN round((${value})::numeric)::int END`;

/** Placeholders of the metric rules (analytics/stats/metric-rules) the statement applies. */
interface RuleParams {
  npsKind: string;
  csatKind: string;
  csatKey: string;
  csatDimension: string;
  npsMin: string;
  detractorMax: string;
  csatMin: string;
  lowCsatMax: string;
}

/**
 * One statement opens every follow-up still missing: customer answers of live cycles that are
 * a detractor, a low CSAT or a comment (the cut-offs of metric-rules, passed as parameters).
 * The questions are found once per cycle the way the metrics find them (npsItem and csatItem of
 * metric-rules; every text item). The unit is the one serving
 * the account now (the unit at send time if the account is gone); the due time counts business
 * days from the answer. ON CONFLICT on the unique response_id makes it idempotent, and is also
 * the only "already open?" check: an anti-join against follow_ups would be planned as a
 * repeated scan of a table the statement itself is filling.
 */
const OPEN_SQL = (cycleFilter: string, responseFilter: string, rule: RuleParams) => `
  WITH keys AS MATERIALIZED (
    SELECT c.id AS cycle_id,
           (SELECT q.key FROM questions q
             WHERE q.survey_id = c.customer_survey_id AND q.kind = ${rule.npsKind}
             ORDER BY q.position LIMIT 1) AS nps_key,
           (SELECT q.key FROM questions q
             WHERE q.survey_id = c.customer_survey_id AND q.kind = ${rule.csatKind}
             ORDER BY q.key = ${rule.csatKey} DESC,
                      q.dimension IS NOT DISTINCT FROM ${rule.csatDimension} DESC, q.position
             LIMIT 1) AS csat_key,
           coalesce((SELECT array_agg(q.key ORDER BY q.position) FROM questions q
                      WHERE q.survey_id = c.customer_survey_id AND q.kind = 'text'), '{}') AS text_keys
      FROM cycles c
     WHERE NOT c.imported AND ${cycleFilter}
  ), candidates AS MATERIALIZED (
    SELECT r.id AS response_id, r.cycle_id, coalesce(a.unit_id, r.unit_id) AS unit_id,
           r.account_id, r.contact_id, r.submitted_at,
           ${numberAt('r.answers->>k.nps_key')} AS nps,
           ${numberAt('r.answers->>k.csat_key')} AS csat,
           (SELECT string_agg(btrim(r.answers->>t.key), chr(10) || chr(10) ORDER BY t.pos)
              FROM unnest(k.text_keys) WITH ORDINALITY AS t(key, pos)
             WHERE btrim(coalesce(r.answers->>t.key, '')) <> '') AS comment
      FROM keys k
      JOIN customer_responses r ON r.cycle_id = k.cycle_id
      LEFT JOIN customer_accounts a ON a.id = r.account_id AND a.deactivated_at IS NULL
     WHERE ${responseFilter}
  ), flagged AS (
    SELECT *, array_remove(ARRAY[
             CASE WHEN nps BETWEEN ${rule.npsMin} AND ${rule.detractorMax} THEN 'detractor' END,
             CASE WHEN csat BETWEEN ${rule.csatMin} AND ${rule.lowCsatMax} THEN 'low_csat' END,
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
  INSERT INTO follow_up_events (follow_up_id, kind, to_state)
  SELECT id, 'opened', 'open' FROM inserted
  RETURNING follow_up_id`;

export type SweepScope =
  /** answers of the last minutes in live cycles (the every-minute job) */
  | { recent: true }
  /** every answer of live cycles (hourly, catching up after any downtime) */
  | { recent: false }
  /** every answer of one cycle (when it closes) */
  | { cycleId: string };

/**
 * Opens follow-ups from customer answers. Chosen over a hook in the respond module: the submit
 * path stays one benchmarked statement with no extra work, and set-based sweeps (pg-boss cron:
 * the last minutes every minute, everything live every hour, and a cycle once more when it
 * closes) catch every answer exactly once, from any instance, even answers stored while the
 * workers were down.
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
    for (const name of [SWEEP_QUEUE, FULL_SWEEP_QUEUE])
      this.jobs.defineQueue({ name, policy: 'short', retryLimit: 2, retryDelay: 30 });
    this.jobs.work({
      queue: SWEEP_QUEUE,
      handler: async () => void (await this.openPending({ recent: true })),
    });
    this.jobs.work({
      queue: FULL_SWEEP_QUEUE,
      handler: async () => void (await this.openPending({ recent: false })),
    });
    this.jobs.scheduleEvery(SWEEP_QUEUE, '* * * * *');
    this.jobs.scheduleEvery(FULL_SWEEP_QUEUE, '17 * * * *');
    this.events.onClosed(async ({ cycleId }) => void (await this.openPending({ cycleId })));
  }

  /** Opens the follow-ups still missing in the given scope; returns how many were opened. */
  async openPending(scope: SweepScope = { recent: false }): Promise<number> {
    const params: unknown[] = [this.config.get('followUp', { infer: true }).dueBusinessDays];
    const param = (value: unknown, cast: string) => `$${params.push(value)}::${cast}`;
    const rule: RuleParams = {
      npsKind: param(NPS_ITEM_KIND, 'text'),
      csatKind: param(CSAT_ITEM.kind, 'text'),
      csatKey: param(CSAT_ITEM.key, 'text'),
      csatDimension: param(CSAT_ITEM.dimension, 'text'),
      npsMin: param(NPS_MIN, 'int'),
      detractorMax: param(NPS_DETRACTOR_MAX, 'int'),
      csatMin: param(CSAT_MIN, 'int'),
      lowCsatMax: param(LOW_CSAT_MAX, 'int'),
    };
    let cycles = `(c.status = 'open' OR c.closed_at > now() - interval '2 days')`;
    let responses = 'TRUE';
    if ('cycleId' in scope) {
      cycles = `c.id = ${param(scope.cycleId, 'uuid')}`;
    } else if (scope.recent) {
      responses = `r.submitted_at > now() - interval '${RECENT}'`;
    }
    const rows: unknown[] = await this.dataSource.query(OPEN_SQL(cycles, responses, rule), params);
    if (rows.length > 0) this.logger.log(`Opened ${rows.length} customer follow-ups`);
    return rows.length;
  }
}
