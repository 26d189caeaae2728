import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import { CyclesService, CycleSummary } from '../cycles/cycles.service';
import {
  csatItem,
  CSAT_MIN,
  LOW_CSAT_MAX,
  NPS_DETRACTOR_MAX,
  npsItem,
  NPS_MIN,
} from '../analytics/stats/metric-rules';
import { queryRows } from '../database/sql';
import { AccountsService } from '../directory/accounts.service';
import { JobQueue } from '../jobs/job-queue.service';
import type { FollowUpKeys } from '../respond/customer-answers.queries';
import { CustomerAnswersService } from '../respond/customer-answers.service';
import { SurveysService } from '../surveys/surveys.service';
import { addBusinessDaysSql } from './business-days';
import { FollowThroughEvents } from './follow-through-events';

export const SWEEP_QUEUE = 'follow-up-sweep';
export const FULL_SWEEP_QUEUE = 'follow-up-sweep-all';
/** The minute sweep looks this far back (job delays, slow commits); the hourly one at everything. */
const RECENT_MINUTES = 15;
/** Closed cycles stay live this long, for answers committed while the cycle closed. */
const LIVE_AFTER_CLOSE_MS = 2 * 24 * 3600 * 1000;

/**
 * Opens the given answers' follow-ups in one statement: the reasons from the flags, the due
 * time in business days from the answer. ON CONFLICT on the unique response_id makes it
 * idempotent when two sweeps overlap.
 */
const INSERT_SQL = `
  WITH answers AS (
    SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[],
                         $7::timestamptz[], $8::int[], $9::int[], $10::text[], $11::bool[], $12::bool[])
      AS a(response_id, cycle_id, unit_id, account_id, contact_id, submitted_at, nps, csat,
           comment, detractor, low_csat)
  ), inserted AS (
    INSERT INTO follow_ups (response_id, cycle_id, unit_id, account_id, contact_id, reasons,
                            nps, csat, comment, opened_at, due_at)
    SELECT response_id, cycle_id, unit_id, account_id, contact_id,
           array_remove(ARRAY[CASE WHEN detractor THEN 'detractor' END,
                              CASE WHEN low_csat THEN 'low_csat' END,
                              CASE WHEN comment IS NOT NULL THEN 'comment' END], NULL),
           nps, csat, comment, submitted_at, ${addBusinessDaysSql('submitted_at', '$1::int')}
      FROM answers
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
    private readonly cycles: CyclesService,
    private readonly surveys: SurveysService,
    private readonly customerAnswers: CustomerAnswersService,
    private readonly accounts: AccountsService,
    private readonly followThroughEvents: FollowThroughEvents,
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

  /**
   * Opens the follow-ups still missing in the given scope; returns how many were opened.
   * Customer answers of live cycles that are a detractor, a low CSAT or a comment (the items
   * and cut-offs of metric-rules) come from respond in one set-based read; the unit is the one
   * serving the account now (the unit at send time if the account is gone).
   */
  async openPending(scope: SweepScope = { recent: false }): Promise<number> {
    const keys = await this.keysOf(await this.liveCycles(scope));
    const recent = 'recent' in scope && scope.recent ? RECENT_MINUTES : null;
    const flagged = await this.customerAnswers.needingFollowUp(keys, recent, {
      npsMin: NPS_MIN,
      detractorMax: NPS_DETRACTOR_MAX,
      csatMin: CSAT_MIN,
      lowCsatMax: LOW_CSAT_MAX,
    });
    if (flagged.length === 0) return 0;
    const opened = await queryRows<{ response_id: string }>(
      this.dataSource,
      `SELECT response_id FROM follow_ups WHERE response_id = ANY($1::uuid[])`,
      [flagged.map((a) => a.responseId)],
    );
    const done = new Set(opened.map((o) => o.response_id));
    const fresh = flagged.filter((a) => !done.has(a.responseId));
    if (fresh.length === 0) return 0;
    const accounts = await this.accounts.summariesByIds(
      fresh.flatMap((a) => (a.accountId ? [a.accountId] : [])),
    );
    const servingUnit = new Map(accounts.filter((a) => !a.deactivated).map((a) => [a.id, a.unitId]));
    const column = <T>(pick: (a: (typeof fresh)[number]) => T) => fresh.map(pick);
    const rows = await queryRows<{ follow_up_id: string }>(this.dataSource, INSERT_SQL, [
      this.config.get('followUp', { infer: true }).dueBusinessDays,
      column((a) => a.responseId),
      column((a) => a.cycleId),
      column((a) => (a.accountId && servingUnit.get(a.accountId)) || a.unitId),
      column((a) => a.accountId),
      column((a) => a.contactId),
      column((a) => a.submittedAt),
      column((a) => a.nps),
      column((a) => a.csat),
      column((a) => a.comment),
      column((a) => a.detractor),
      column((a) => a.lowCsat),
    ]);
    if (rows.length > 0) this.logger.log(`Opened ${rows.length} customer follow-ups`);
    await this.followThroughEvents.followUpsOpened(rows.map((r) => r.follow_up_id));
    return rows.length;
  }

  /** Cycles whose answers a sweep reads: open or closed in the last two days, or the one named. */
  private async liveCycles(scope: SweepScope): Promise<CycleSummary[]> {
    if ('cycleId' in scope)
      return (await this.cycles.summaries([scope.cycleId])).filter((c) => !c.imported);
    const since = Date.now() - LIVE_AFTER_CLOSE_MS;
    return (await this.cycles.summaries()).filter(
      (c) =>
        !c.imported &&
        (c.status === 'open' || (c.closedAt !== null && new Date(c.closedAt).getTime() > since)),
    );
  }

  /** Each cycle's NPS, CSAT and text items, found the way the metrics find them. */
  private async keysOf(cycles: CycleSummary[]): Promise<FollowUpKeys[]> {
    const surveyIds = [...new Set(cycles.flatMap((c) => c.customerSurveyId ?? []))];
    const questions = new Map(
      await Promise.all(
        surveyIds.map(async (id) => [id, await this.surveys.questionsOf(id)] as const),
      ),
    );
    return cycles.map((c) => {
      const items = (c.customerSurveyId && questions.get(c.customerSurveyId)) || [];
      return {
        cycleId: c.id,
        npsKey: npsItem(items)?.key ?? null,
        csatKey: csatItem(items)?.key ?? null,
        textKeys: items.filter((q) => q.kind === 'text').map((q) => q.key),
      };
    });
  }
}
