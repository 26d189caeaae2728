import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import type { Audience } from '../surveys/entities/survey.entity';
import { EmailRenderer } from './email-renderer.service';
import { InvitationLeases } from './invitation-leases';
import { JobQueue, WorkerControl } from './job-queue.service';
import { MailTransport, SendOutcome } from './mail-transport.service';
import { OutcomeRecorder } from './outcome-recorder';
import { SendGate } from './send-gate';
import { queryRows } from './sql';
import { generateToken, hashToken } from './tokens';

export const SEND_QUEUE = 'delivery-send';

/** A send job carries ids only, never a token: round 0 is the invitation, n the n-th reminder. */
export interface SendJob {
  invitationId: string;
  round: number;
}

const BATCH_SIZE = 200;

interface Claimed {
  id: string;
  attempts: number;
  round: number;
  audience: Audience;
  email: string;
  recipient_name: string;
  cycle_name: string;
  period_label: string;
  closes_at: Date;
  survey_id: string | null;
}

interface Tokens {
  survey: string;
  unsubscribe?: string;
}

interface Result {
  id: string;
  round: number;
  ok: boolean;
  state: 'sent' | 'queued' | 'failed' | 'bounced';
  error: string | null;
  /** Token hashes of a message that did not go out, deleted with the record. */
  unusedHashes: Buffer[];
}

/**
 * The delivery worker. Per batch of jobs: claim the invitations still due (one UPDATE, which
 * also skips the answered, the unsubscribed and closed cycles, and takes a lease on each), store
 * fresh token hashes (one INSERT), then send through the pool and record each outcome as soon as
 * the SMTP server has answered (OutcomeRecorder). Leases are renewed while messages wait
 * (InvitationLeases), so only an instance that died leaves anything to be sent again: at most
 * the messages the server had accepted and the instance had not yet recorded.
 * On shutdown it stops taking work, lets the messages already in the pool finish and records
 * them, and gives back the rest at once.
 */
@Injectable()
export class InvitationSender implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(InvitationSender.name);
  private readonly questionCounts = new Map<string, number>();
  private readonly leaseSeconds: number;
  private readonly leases: InvitationLeases;
  private readonly gate: SendGate;
  private readonly outcomes = new OutcomeRecorder<Result>((results) => this.record(results));
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly renderer: EmailRenderer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.leaseSeconds = config.get('mail', { infer: true }).leaseSeconds;
    this.leases = new InvitationLeases(dataSource, jobs, SEND_QUEUE, this.leaseSeconds);
    this.gate = new SendGate(transport.parallelSends);
  }

  onModuleInit(): void {
    this.jobs.defineQueue({
      name: SEND_QUEUE,
      policy: 'short',
      retryLimit: 10,
      retryDelay: 2,
      retryBackoff: true,
      // A live handler keeps its jobs active (InvitationLeases); a dead one's come back soon.
      expireInSeconds: this.leaseSeconds,
    });
    this.jobs.work<SendJob>({
      queue: SEND_QUEUE,
      batchSize: BATCH_SIZE,
      workers: 4,
      pollingIntervalSeconds: 1,
      handler: (batch, control) => this.handle(batch, control),
    });
  }

  /** Shutdown begins: nothing more goes into the pool; waiting messages are given back. */
  onModuleDestroy(): void {
    this.stopping = true;
    this.gate.close();
  }

  /** After the workers have stopped (JobQueue.onModuleDestroy waited for them). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.leases.stop();
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
    const jobIds = batch.map((j) => j.id);
    if (this.stopping) {
      await this.jobs.requeue(SEND_QUEUE, jobIds, new Error('The instance is shutting down.'));
      return;
    }
    this.leases.holdJobs(jobIds);
    try {
      await this.sendBatch(batch);
    } finally {
      this.leases.dropJobs(jobIds);
    }
  }

  private async sendBatch(batch: PgBoss.JobWithMetadata<SendJob>[]): Promise<void> {
    const claimedAt = Date.now();
    const claimed = await this.claim(batch.map((j) => j.data));
    this.leases.hold(claimed, claimedAt);
    const key = (id: string, round: number) => `${id}:${round}`;
    const jobByKey = new Map(batch.map((j) => [key(j.data.invitationId, j.data.round), j]));
    const claimedKeys = new Set(claimed.map((c) => key(c.id, c.round)));
    const unclaimed = batch.filter((j) => !claimedKeys.has(key(j.data.invitationId, j.data.round)));

    const tokens: Tokens[] = claimed.map((c) => ({
      survey: generateToken(),
      unsubscribe: c.audience === 'customer' ? generateToken() : undefined,
    }));
    /** Invitations whose message went to the SMTP pool: never given back, only recorded. */
    const handedOver = new Set<string>();
    let settled: PromiseSettledResult<Result | null>[];
    let busy: Set<string>;
    try {
      busy = await this.leasedElsewhere(unclaimed.map((j) => j.data.invitationId));
      await this.storeTokens(claimed, tokens);
      const counts = await this.countQuestions(claimed.map((c) => c.survey_id));
      settled = await Promise.allSettled(
        claimed.map((c, i) =>
          this.deliver(c, tokens[i], counts, jobByKey.get(key(c.id, c.round)), handedOver),
        ),
      );
    } catch (error) {
      await this.giveBack(
        claimed.filter((c) => !handedOver.has(c.id)),
        tokens,
        claimed,
        [],
      );
      throw error;
    }

    const jobOf = (c: { id: string; round: number }) => {
      const job = jobByKey.get(key(c.id, c.round));
      return job ? [job.id] : [];
    };
    const results: Result[] = [];
    /** Never handed over: given back at once, the job requeued without using up a retry. */
    const released: Claimed[] = [];
    /** Failed before it was handed over (e.g. rendering): given back, the job retried. */
    const broken: Claimed[] = [];
    /** Handed over, outcome not stored (the database failed us): its lease runs out, then it goes again. */
    const unrecorded: Claimed[] = [];
    settled.forEach((s, i) => {
      const c = claimed[i];
      if (s.status === 'fulfilled' && s.value) results.push(s.value);
      else if (s.status === 'fulfilled') released.push(c);
      else {
        this.logger.error(`Send to invitation ${c.id} failed: ${String(s.reason)}`);
        (handedOver.has(c.id) ? unrecorded : broken).push(c);
      }
    });
    const retry = [
      ...results.filter((r) => r.state === 'queued').flatMap(jobOf),
      ...broken.flatMap(jobOf),
    ];
    await this.giveBack([...released, ...broken], tokens, claimed, [
      ...released.flatMap(jobOf),
      ...unrecorded.flatMap(jobOf),
    ]);

    for (const j of unclaimed) if (busy.has(j.data.invitationId)) retry.push(j.id);
    if (retry.length > 0) {
      const sample =
        results.find((r) => !r.ok)?.error ?? 'invitation is being sent by another worker';
      await this.jobs.fail(SEND_QUEUE, retry, new Error(sample));
      this.logger.warn(`${retry.length} sends will be retried: ${sample}`);
    }
  }

  /** One message: wait for room in the pool, send while the lease holds, record the outcome. */
  private async deliver(
    c: Claimed,
    tokens: Tokens,
    counts: Map<string, number>,
    job: PgBoss.JobWithMetadata<SendJob> | undefined,
    handedOver: Set<string>,
  ): Promise<Result | null> {
    const turn = await this.gate.enter();
    if (!turn) return null;
    let outcome: SendOutcome;
    try {
      if (!this.leases.isFresh(c.id)) return null;
      const message = this.renderer.render({
        invitationId: c.id,
        audience: c.audience,
        email: c.email,
        recipientName: c.recipient_name,
        cycleName: c.cycle_name,
        periodLabel: c.period_label,
        closesAt: new Date(c.closes_at),
        questionCount: (c.survey_id && counts.get(c.survey_id)) || 10,
        round: c.round,
        surveyToken: tokens.survey,
        unsubscribeToken: tokens.unsubscribe,
      });
      handedOver.add(c.id);
      outcome = await this.transport.send(message);
    } finally {
      turn.leave();
    }
    // Not renewed from here on: the record below clears the lease in any case.
    this.leases.drop([c.id]);
    const result = resultOf(c, outcome, job, tokens);
    await this.outcomes.record(result);
    return result;
  }

  /** Unsent invitations: lease cleared, tokens deleted, jobs back in the queue for anyone. */
  private async giveBack(
    notSent: Claimed[],
    tokens: Tokens[],
    claimed: Claimed[],
    jobIds: string[],
  ): Promise<void> {
    if (notSent.length > 0) {
      await this.leases.release(notSent.map((c) => c.id));
      const unsent = new Set(notSent);
      const hashes = claimed.flatMap((c, i) => (unsent.has(c) ? hashesOf(tokens[i]) : []));
      await this.deleteTokens(hashes);
    }
    if (jobIds.length > 0) {
      await this.jobs.requeue(SEND_QUEUE, jobIds, new Error('Given back unsent.'));
      this.logger.log(`${jobIds.length} sends given back for another worker`);
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
          SET sending_until = now() + interval '${this.leases.interval}', attempts = i.attempts + 1
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
       RETURNING i.id, i.attempts, req.round, i.audience, i.email, i.recipient_name,
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

  private async storeTokens(claimed: Claimed[], tokens: Tokens[]): Promise<void> {
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
    // Rows locked in id order, like the lease renewal, so the two never deadlock.
    await this.dataSource.query(
      `WITH locked AS (
         SELECT id FROM invitations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
       )
       UPDATE invitations i
          SET sending_until = NULL,
              sent_at = CASE WHEN r.ok AND r.round = 0 THEN now() ELSE i.sent_at END,
              reminders_sent = CASE WHEN r.ok AND r.round > 0 THEN GREATEST(i.reminders_sent, r.round) ELSE i.reminders_sent END,
              last_reminded_at = CASE WHEN r.ok AND r.round > 0 THEN now() ELSE i.last_reminded_at END,
              delivery_state = CASE WHEN r.round > 0 AND r.state IN ('sent', 'queued') THEN i.delivery_state ELSE r.state END,
              last_error = r.error
         FROM unnest($1::uuid[], $2::int[], $3::bool[], $4::text[], $5::text[])
           AS r(id, round, ok, state, error), locked
        WHERE i.id = locked.id AND i.id = r.id`,
      [
        results.map((r) => r.id),
        results.map((r) => r.round),
        results.map((r) => r.ok),
        results.map((r) => r.state),
        results.map((r) => r.error),
      ],
    );
    await this.deleteTokens(results.flatMap((r) => r.unusedHashes));
  }

  private async deleteTokens(hashes: Buffer[]): Promise<void> {
    if (hashes.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM invitation_tokens WHERE token_hash = ANY($1::bytea[])`,
      [hashes],
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

function resultOf(
  c: Claimed,
  outcome: SendOutcome,
  job: PgBoss.JobWithMetadata<SendJob> | undefined,
  tokens: Tokens,
): Result {
  if (outcome.ok)
    return { id: c.id, round: c.round, ok: true, state: 'sent', error: null, unusedHashes: [] };
  const exhausted = !job || job.retryCount >= job.retryLimit;
  const state = outcome.permanent ? 'bounced' : exhausted ? 'failed' : 'queued';
  return {
    id: c.id,
    round: c.round,
    ok: false,
    state,
    error: outcome.error,
    unusedHashes: hashesOf(tokens),
  };
}

function hashesOf(tokens: Tokens): Buffer[] {
  return [tokens.survey, tokens.unsubscribe].filter(isString).map(hashToken);
}

function isString(v: string | null | undefined): v is string {
  return typeof v === 'string';
}
