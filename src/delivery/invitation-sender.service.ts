import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import type { Audience } from '../surveys/entities/survey.entity';
import { EmailRenderer } from './email-renderer.service';
import { JobQueue, WorkerControl } from './job-queue.service';
import { MailTransport, SendOutcome } from './mail-transport.service';
import { queryRows } from './sql';
import { generateToken, hashToken } from './tokens';

export const SEND_QUEUE = 'delivery-send';

/** A send job carries ids only, never a token: round 0 is the invitation, n the n-th reminder. */
export interface SendJob {
  invitationId: string;
  round: number;
}

const BATCH_SIZE = 200;
/** How long a claimed invitation is left alone by other workers (longer than one SMTP send). */
const LEASE = '5 minutes';

interface Claimed {
  id: string;
  round: number;
  audience: Audience;
  email: string;
  recipient_name: string;
  cycle_name: string;
  period_label: string;
  closes_at: Date;
  survey_id: string | null;
}

interface Result {
  id: string;
  round: number;
  ok: boolean;
  state: 'sent' | 'queued' | 'failed' | 'bounced';
  error: string | null;
}

/**
 * The delivery worker. Per batch of jobs: claim the invitations still due (one UPDATE, which
 * also skips the answered, the unsubscribed and closed cycles), store fresh token hashes (one
 * INSERT), send through the pool concurrently, record every outcome (one UPDATE). State is
 * recorded before and after each send, so a retried or duplicated job never mails twice.
 */
@Injectable()
export class InvitationSender implements OnModuleInit {
  private readonly logger = new Logger(InvitationSender.name);
  private readonly questionCounts = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly renderer: EmailRenderer,
  ) {}

  onModuleInit(): void {
    this.jobs.defineQueue({
      name: SEND_QUEUE,
      policy: 'short',
      retryLimit: 10,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 300,
    });
    this.jobs.work<SendJob>({
      queue: SEND_QUEUE,
      batchSize: BATCH_SIZE,
      workers: 4,
      pollingIntervalSeconds: 1,
      handler: (batch, control) => this.handle(batch, control),
    });
  }

  /**
   * Queues round `round` for every invitation id the `select` returns (one column), in one
   * statement; keys make a repeat a no-op. `select` may use $1..$n of `params`.
   */
  async queueSelected(select: string, params: unknown[], round: number): Promise<number> {
    const r = `$${params.length + 1}::int`;
    return this.jobs.sendSelected(
      SEND_QUEUE,
      `SELECT x.id || ':' || ${r}, jsonb_build_object('invitationId', x.id, 'round', ${r})
         FROM (${select}) AS x(id)`,
      [...params, round],
    );
  }

  async handle(batch: PgBoss.JobWithMetadata<SendJob>[], control?: WorkerControl): Promise<void> {
    if (batch.length >= BATCH_SIZE) control?.fetchAgain();
    const claimed = await this.claim(batch.map((j) => j.data));
    const claimedKeys = new Set(claimed.map((c) => `${c.id}:${c.round}`));
    const unclaimed = batch.filter(
      (j) => !claimedKeys.has(`${j.data.invitationId}:${j.data.round}`),
    );
    const busy = await this.leasedElsewhere(unclaimed.map((j) => j.data.invitationId));

    const tokens = claimed.map((c) => ({
      survey: generateToken(),
      unsubscribe: c.audience === 'customer' ? generateToken() : undefined,
    }));
    await this.storeTokens(claimed, tokens);
    const counts = await this.countQuestions(claimed.map((c) => c.survey_id));

    const outcomes: SendOutcome[] = await Promise.all(
      claimed.map((c, i) =>
        this.transport.send(
          this.renderer.render({
            invitationId: c.id,
            audience: c.audience,
            email: c.email,
            recipientName: c.recipient_name,
            cycleName: c.cycle_name,
            periodLabel: c.period_label,
            closesAt: new Date(c.closes_at),
            questionCount: (c.survey_id && counts.get(c.survey_id)) || 10,
            round: c.round,
            surveyToken: tokens[i].survey,
            unsubscribeToken: tokens[i].unsubscribe,
          }),
        ),
      ),
    );

    const jobByKey = new Map(batch.map((j) => [`${j.data.invitationId}:${j.data.round}`, j]));
    const retry: string[] = [];
    const results: Result[] = claimed.map((c, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) return { id: c.id, round: c.round, ok: true, state: 'sent', error: null };
      const job = jobByKey.get(`${c.id}:${c.round}`);
      const exhausted = !job || job.retryCount >= job.retryLimit;
      if (!outcome.permanent && !exhausted && job) retry.push(job.id);
      const state = outcome.permanent ? 'bounced' : exhausted ? 'failed' : 'queued';
      return { id: c.id, round: c.round, ok: false, state, error: outcome.error };
    });
    await this.record(results);
    const failedHashes = claimed.flatMap((c, i) =>
      outcomes[i].ok
        ? []
        : [tokens[i].survey, tokens[i].unsubscribe].filter(isString).map(hashToken),
    );
    if (failedHashes.length > 0)
      await this.dataSource.query(
        `DELETE FROM invitation_tokens WHERE token_hash = ANY($1::bytea[])`,
        [failedHashes],
      );

    for (const j of unclaimed) if (busy.has(j.data.invitationId)) retry.push(j.id);
    if (retry.length > 0) {
      const sample =
        results.find((r) => !r.ok)?.error ?? 'invitation is being sent by another worker';
      await this.jobs.fail(SEND_QUEUE, retry, new Error(sample));
      this.logger.warn(`${retry.length} sends will be retried: ${sample}`);
    }
  }

  private async claim(sends: SendJob[]): Promise<Claimed[]> {
    if (sends.length === 0) return [];
    return queryRows<Claimed>(
      this.dataSource,
      `WITH req AS (
         SELECT DISTINCT ON (r.invitation_id) r.invitation_id, r.round
           FROM unnest($1::uuid[], $2::int[]) AS r(invitation_id, round)
          ORDER BY r.invitation_id, r.round
       )
       UPDATE invitations i
          SET sending_until = now() + interval '${LEASE}', attempts = i.attempts + 1
         FROM req, cycles c
        WHERE i.id = ANY($1::uuid[]) -- lets the planner use the primary key whatever its statistics
          AND i.id = req.invitation_id
          AND c.id = i.cycle_id
          AND c.status = 'open'
          AND (i.sending_until IS NULL OR i.sending_until < now())
          AND i.unsubscribed_at IS NULL
          AND i.delivery_state NOT IN ('failed', 'bounced')
          AND ((req.round = 0 AND i.sent_at IS NULL)
            OR (req.round > 0 AND i.sent_at IS NOT NULL AND NOT i.responded AND i.reminders_sent < req.round))
          AND (i.contact_id IS NULL OR EXISTS (
                SELECT 1 FROM contacts ct
                 WHERE ct.id = i.contact_id AND ct.subscribed AND ct.deactivated_at IS NULL))
       RETURNING i.id, req.round, i.audience, i.email, i.recipient_name,
                 c.name AS cycle_name, c.period_label, c.closes_at,
                 CASE WHEN i.audience = 'employee' THEN c.employee_survey_id ELSE c.customer_survey_id END AS survey_id`,
      [sends.map((s) => s.invitationId), sends.map((s) => s.round)],
    );
  }

  private async leasedElsewhere(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM invitations WHERE id = ANY($1::uuid[]) AND sending_until > now()`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  private async storeTokens(
    claimed: Claimed[],
    tokens: Array<{ survey: string; unsubscribe?: string }>,
  ): Promise<void> {
    if (claimed.length === 0) return;
    const hashes: Buffer[] = [];
    const ids: string[] = [];
    const purposes: string[] = [];
    claimed.forEach((c, i) => {
      hashes.push(hashToken(tokens[i].survey));
      ids.push(c.id);
      purposes.push('survey');
      const unsubscribe = tokens[i].unsubscribe;
      if (unsubscribe) {
        hashes.push(hashToken(unsubscribe));
        ids.push(c.id);
        purposes.push('unsubscribe');
      }
    });
    await this.dataSource.query(
      `INSERT INTO invitation_tokens (token_hash, invitation_id, purpose)
       SELECT * FROM unnest($1::bytea[], $2::uuid[], $3::text[])`,
      [hashes, ids, purposes],
    );
  }

  private async record(results: Result[]): Promise<void> {
    if (results.length === 0) return;
    await this.dataSource.query(
      `UPDATE invitations i
          SET sending_until = NULL,
              sent_at = CASE WHEN r.ok AND r.round = 0 THEN now() ELSE i.sent_at END,
              reminders_sent = CASE WHEN r.ok AND r.round > 0 THEN GREATEST(i.reminders_sent, r.round) ELSE i.reminders_sent END,
              last_reminded_at = CASE WHEN r.ok AND r.round > 0 THEN now() ELSE i.last_reminded_at END,
              delivery_state = CASE WHEN r.round > 0 AND r.state IN ('sent', 'queued') THEN i.delivery_state ELSE r.state END,
              last_error = r.error
         FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::text[], $5::text[])
           AS r(id, round, ok, state, error)
        WHERE i.id = ANY($1::uuid[]) AND i.id = r.id`,
      [
        results.map((r) => r.id),
        results.map((r) => r.round),
        results.map((r) => r.ok),
        results.map((r) => r.state),
        results.map((r) => r.error),
      ],
    );
  }

  private async countQuestions(surveyIds: Array<string | null>): Promise<Map<string, number>> {
    const missing = [...new Set(surveyIds.filter(isString))].filter(
      (id) => !this.questionCounts.has(id),
    );
    if (missing.length > 0) {
      const rows: Array<{ survey_id: string; n: number }> = await this.dataSource.query(
        `SELECT survey_id, count(*)::int AS n FROM questions WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id`,
        [missing],
      );
      for (const id of missing) this.questionCounts.set(id, 0);
      for (const r of rows) this.questionCounts.set(r.survey_id, r.n);
    }
    return this.questionCounts;
  }
}

function isString(v: string | null | undefined): v is string {
  return typeof v === 'string';
}
