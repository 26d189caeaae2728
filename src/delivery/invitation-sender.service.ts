import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app.config';
import { EmailRenderer } from './email-renderer.service';
import { InvitationLeases } from './invitation-leases';
import {
  claimInvitations,
  Claimed,
  deleteTokens,
  leasedElsewhere,
  recordOutcomes,
  SendJob,
  SendResult,
  storeTokens,
  Tokens,
} from './invitation-send.queries';
import { JobQueue, WorkerControl } from '../jobs/job-queue.service';
import { MailableFacts } from './mailable-facts.service';
import { MailTransport, SendOutcome } from './mail-transport.service';
import { OutcomeRecorder } from './outcome-recorder';
import { SendGate } from './send-gate';
import { AnswerTime, SurveyCatalog } from '../surveys/survey-catalog.service';
import { generateToken, hashToken } from './tokens';

/** What an email says when its survey cannot be found (it then has no link to answer anyway). */
const UNKNOWN_LENGTH: AnswerTime = { questionCount: 10, minutes: 2 };

export type { SendJob } from './invitation-send.queries';
export const SEND_QUEUE = 'delivery-send';

const BATCH_SIZE = 200;
/**
 * pg-boss ends a handler that runs longer than its jobs' expiry, so the expiry is long: a batch
 * may wait on a throttled relay for a long time. A dead instance's jobs come back through
 * JobQueue.failStalled after a lease instead.
 */
const JOB_EXPIRY_SECONDS = 4 * 3600;

type Job = PgBoss.JobWithMetadata<SendJob>;
type Send = Claimed & { tokens: Tokens; job?: Job };

/**
 * The delivery worker. Per batch of jobs: claim the invitations still due (one UPDATE that
 * checks the queueing rule, mailableFor, again with what the owners now say, MailableFacts,
 * and leases each), store fresh
 * token hashes (one INSERT), then send through the pool and record each outcome as soon as the
 * SMTP server has answered it (OutcomeRecorder). Leases are renewed while messages wait
 * (InvitationLeases), so only an instance that dies leaves mail to go again: at most the
 * messages the server had accepted and the instance had not yet recorded. On shutdown it stops
 * taking work, lets the messages already in the pool finish and records them, and gives the
 * rest back at once.
 */
@Injectable()
export class InvitationSender
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(InvitationSender.name);
  private readonly answerTimes = new Map<string, AnswerTime>();
  private readonly leaseSeconds: number;
  private readonly leases: InvitationLeases;
  private readonly gate: SendGate;
  private readonly outcomes: OutcomeRecorder<SendResult>;
  private sweeper?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly transport: MailTransport,
    private readonly renderer: EmailRenderer,
    private readonly surveys: SurveyCatalog,
    private readonly facts: MailableFacts,
    config: ConfigService<AppConfig, true>,
  ) {
    this.leaseSeconds = config.get('mail', { infer: true }).leaseSeconds;
    this.leases = new InvitationLeases(dataSource, jobs, SEND_QUEUE, this.leaseSeconds);
    this.gate = new SendGate(transport.parallelSends);
    this.outcomes = new OutcomeRecorder((results) => recordOutcomes(dataSource, results));
  }

  onModuleInit(): void {
    this.jobs.defineQueue({
      name: SEND_QUEUE,
      policy: 'short',
      retryLimit: 10,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: JOB_EXPIRY_SECONDS,
    });
    this.jobs.work<SendJob>({
      queue: SEND_QUEUE,
      batchSize: BATCH_SIZE,
      workers: 4,
      pollingIntervalSeconds: 1,
      handler: (batch, control) => this.handle(batch, control),
    });
  }

  /** Every instance with workers looks, once a lease, for jobs a dead instance left running. */
  onApplicationBootstrap(): void {
    if (!this.jobs.workersEnabled) return;
    this.sweeper = setInterval(() => {
      this.jobs
        .failStalled(SEND_QUEUE, this.leaseSeconds)
        .then((n) => n > 0 && this.logger.warn(`${n} sends of a stopped instance will be retried`))
        .catch((error: Error) =>
          this.logger.warn(`Could not look for stalled sends: ${error.message}`),
        );
    }, this.leaseSeconds * 1000);
    this.sweeper.unref();
  }

  /** Shutdown begins: nothing more goes into the pool; waiting messages are given back. */
  onModuleDestroy(): void {
    this.stopping = true;
    this.gate.close();
    clearInterval(this.sweeper);
  }

  /** After the workers have stopped (JobQueue.onModuleDestroy waited for them). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.leases.stop();
  }

  async handle(batch: Job[], control?: WorkerControl): Promise<void> {
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

  private async sendBatch(batch: Job[]): Promise<void> {
    const key = (id: string, round: number) => `${id}:${round}`;
    const jobByKey = new Map(batch.map((j) => [key(j.data.invitationId, j.data.round), j]));
    const facts = await this.facts.forInvitations(batch.map((j) => j.data.invitationId));
    const claimedAt = Date.now();
    const claimed = await claimInvitations(
      this.dataSource,
      batch.map((j) => j.data),
      this.leases.interval,
      facts,
    );
    this.leases.hold(claimed, claimedAt);
    const sends: Send[] = claimed.map((c) => ({
      ...c,
      job: jobByKey.get(key(c.id, c.round)),
      tokens: {
        survey: generateToken(),
        unsubscribe: c.audience === 'customer' ? generateToken() : undefined,
      },
    }));
    const claimedKeys = new Set(claimed.map((c) => key(c.id, c.round)));
    const unclaimed = batch.filter((j) => !claimedKeys.has(key(j.data.invitationId, j.data.round)));

    /** Invitations whose message went to the SMTP pool: never given back, only recorded. */
    const handedOver = new Set<string>();
    let settled: PromiseSettledResult<SendResult | null>[];
    let busy: Set<string>;
    try {
      busy = await leasedElsewhere(
        this.dataSource,
        unclaimed.map((j) => j.data.invitationId),
      );
      await storeTokens(this.dataSource, sends);
      const times = await this.answerTimesOf(sends.map((s) => s.survey_id));
      settled = await Promise.allSettled(sends.map((s) => this.deliver(s, times, handedOver)));
    } catch (error) {
      await this.giveBack(
        sends.filter((s) => !handedOver.has(s.id)),
        [],
      );
      throw error;
    }

    const jobOf = (s: { job?: Job }) => (s.job ? [s.job.id] : []);
    const results: SendResult[] = [];
    /** Temporary SMTP failures and sends that broke: their jobs retry with backoff. */
    const retry: string[] = [];
    /** Never handed over: given back at once, the job requeued without using up a retry. */
    const released: Send[] = [];
    /** Failed before it was handed over (e.g. rendering): given back, the job retried. */
    const broken: Send[] = [];
    /** Handed over, outcome not stored (the database failed us): it goes again after its lease. */
    const unrecorded: Send[] = [];
    settled.forEach((outcome, i) => {
      const s = sends[i];
      if (outcome.status === 'fulfilled' && outcome.value) {
        results.push(outcome.value);
        if (outcome.value.state === 'queued') retry.push(...jobOf(s));
      } else if (outcome.status === 'fulfilled') released.push(s);
      else {
        this.logger.error(`Send to invitation ${s.id} failed: ${String(outcome.reason)}`);
        (handedOver.has(s.id) ? unrecorded : broken).push(s);
      }
    });
    await this.giveBack([...released, ...broken], [...released, ...unrecorded].flatMap(jobOf));

    retry.push(...broken.flatMap(jobOf));
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
    s: Send,
    times: Map<string, AnswerTime>,
    handedOver: Set<string>,
  ): Promise<SendResult | null> {
    const turn = await this.gate.enter();
    if (!turn) return null;
    let outcome: SendOutcome;
    try {
      if (!this.leases.isFresh(s.id)) return null;
      const message = this.renderer.render({
        invitationId: s.id,
        audience: s.audience,
        email: s.email,
        recipientName: s.recipient_name,
        language: s.language,
        closesAt: new Date(s.closes_at),
        ...((s.survey_id && times.get(s.survey_id)) || UNKNOWN_LENGTH),
        round: s.round,
        surveyToken: s.tokens.survey,
        unsubscribeToken: s.tokens.unsubscribe,
      });
      handedOver.add(s.id);
      outcome = await this.transport.send(message);
    } finally {
      turn.leave();
    }
    // No longer renewed: the record below clears the lease in any case.
    this.leases.drop([s.id]);
    const result = resultOf(s, outcome);
    await this.outcomes.record(result);
    return result;
  }

  /** Unsent invitations: lease cleared, tokens deleted; `jobIds` requeued for anyone. */
  private async giveBack(unsent: Send[], jobIds: string[]): Promise<void> {
    if (unsent.length > 0) {
      await this.leases.release(unsent.map((s) => s.id));
      await deleteTokens(
        this.dataSource,
        unsent.flatMap((s) => hashesOf(s.tokens)),
      );
    }
    if (jobIds.length > 0) {
      await this.jobs.requeue(SEND_QUEUE, jobIds, new Error('Given back unsent.'));
      this.logger.log(`${jobIds.length} sends given back for another worker`);
    }
  }

  /** Question count and minutes per survey, the same estimate the survey page shows. */
  private async answerTimesOf(
    surveyIds: Array<string | null>,
  ): Promise<Map<string, AnswerTime>> {
    const missing = [...new Set(surveyIds.filter(isString))].filter(
      (id) => !this.answerTimes.has(id),
    );
    if (missing.length > 0) {
      for (const [id, time] of await this.surveys.answerTimes(missing))
        this.answerTimes.set(id, time);
    }
    return this.answerTimes;
  }
}

function resultOf(s: Send, outcome: SendOutcome): SendResult {
  const base = { id: s.id, round: s.round };
  if (outcome.ok) return { ...base, ok: true, state: 'sent', error: null, unusedHashes: [] };
  const exhausted = !s.job || s.job.retryCount >= s.job.retryLimit;
  const state = outcome.permanent ? 'bounced' : exhausted ? 'failed' : 'queued';
  return { ...base, ok: false, state, error: outcome.error, unusedHashes: hashesOf(s.tokens) };
}

function hashesOf(tokens: Tokens): Buffer[] {
  return [tokens.survey, tokens.unsubscribe].filter(isString).map(hashToken);
}

function isString(v: string | null | undefined): v is string {
  return typeof v === 'string';
}
