import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnswerSeal } from './answer-seal';

/**
 * Claims invitations by token and stores their answers, any number of submissions in one
 * statement. A submission is stored only when its token leads to an unanswered invitation of
 * this audience, in an open cycle that uses exactly the survey the answers were checked
 * against; the claim and the row are written together or not at all. Two submissions for the
 * same invitation in one statement claim it once. Returns the tokens that were stored.
 */
const CLAIM_POSTED = (
  audience: Audience,
  surveyColumn: string,
  answersType: 'bytea' | 'jsonb',
  returning: string,
) => `
  WITH posted AS (
    SELECT * FROM unnest($1::bytea[], $2::${answersType}[], $3::uuid[]) AS p(token_hash, answers, survey_id)
  ), claimed AS (
    UPDATE invitations i SET responded = true
      FROM posted p, invitation_tokens t, cycles c
     WHERE t.token_hash = p.token_hash AND t.purpose = 'survey' AND i.id = t.invitation_id
       AND NOT i.responded AND i.audience = '${audience}'
       AND c.id = i.cycle_id AND c.${surveyColumn} = p.survey_id
       AND c.status = 'open' AND c.opens_at <= now() AND c.closes_at > now()
    RETURNING p.token_hash, p.answers, ${returning}
  )`;

/**
 * Employee answers arrive sealed (see AnswerSeal) and stay sealed until the cycle closes: this
 * transaction pairs the row with the invitation it used, so nothing readable may be in it. The
 * row copies only cycle, unit and tenure band from the invitation.
 */
export const STORE_EMPLOYEE_ANSWERS_SQL = `${CLAIM_POSTED(
  'employee',
  'employee_survey_id',
  'bytea',
  'i.cycle_id, i.unit_id, i.tenure_band',
)}, stored AS (
    INSERT INTO sealed_employee_answers (cycle_id, unit_id, tenure_band, key_id, sealed)
    SELECT cycle_id, unit_id, tenure_band, $4::bytea, answers FROM claimed
  )
  SELECT token_hash FROM claimed`;

/** Customers are told their answers are linked to their account. */
export const STORE_CUSTOMER_ANSWERS_SQL = `${CLAIM_POSTED(
  'customer',
  'customer_survey_id',
  'jsonb',
  'i.id, i.cycle_id, i.unit_id, i.account_id, i.contact_id',
)}, stored AS (
    INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, invitation_id, answers)
    SELECT cycle_id, unit_id, account_id, contact_id, id, answers FROM claimed
  )
  SELECT token_hash FROM claimed`;

/** One checked submission waiting to be written. */
interface Pending {
  tokenHash: Buffer;
  /** Sealed for employees (see AnswerSeal), JSON text for customers. */
  answers: Buffer | string;
  surveyId: string;
  settle: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

/** Statements in flight at once; the rest of the pool stays free for everything else. */
const MAX_RUNNING = 4;
/** Submissions per statement at most. */
const MAX_BATCH = 64;

/**
 * Writes survey submissions, several to a statement when they arrive together. While fewer
 * than MAX_RUNNING statements are running a submission goes out at once (with whatever
 * arrived in the same turn of the event loop); under a burst the next ones wait for a
 * statement to finish and then go out together. A burst thus costs PostgreSQL one
 * transaction and one round trip per batch rather than per person, and employee answers
 * are sealed before they get here, so the transaction that uses an invitation holds nothing
 * readable of them.
 */
@Injectable()
export class SubmissionWriter {
  private readonly logger = new Logger(SubmissionWriter.name);
  private readonly queues: Record<Audience, Pending[]> = { employee: [], customer: [] };
  private running = 0;
  private flushScheduled = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seal: AnswerSeal,
  ) {}

  /** Resolves to whether the answers were stored (false: nothing to claim for that token). */
  store(
    audience: Audience,
    tokenHash: Buffer,
    answers: Buffer | string,
    surveyId: string,
  ): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.queues[audience].push({ tokenHash, answers, surveyId, settle, fail });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.running >= MAX_RUNNING) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    for (const audience of ['employee', 'customer'] as const) {
      const queue = this.queues[audience];
      while (queue.length > 0 && this.running < MAX_RUNNING) {
        const batch = queue.splice(0, MAX_BATCH);
        this.running++;
        void this.write(audience, batch).finally(() => {
          this.running--;
          if (this.queues.employee.length > 0 || this.queues.customer.length > 0)
            this.scheduleFlush();
        });
      }
    }
  }

  /** Settles every submission in the batch; a failing batch is retried one by one. */
  private async write(audience: Audience, batch: Pending[]): Promise<void> {
    try {
      const stored = await this.run(audience, batch);
      // The same link posted twice in one batch was stored once: the first post gets it, the
      // others hear "already answered", as they would have a moment later.
      for (const p of batch) p.settle(stored.delete(p.tokenHash.toString('hex')));
    } catch (error) {
      if (batch.length === 1) return batch[0].fail(error);
      // One bad row (or a deadlock between two batches holding the same double-submitted
      // invitation) must not fail the others: each is tried on its own, one after another, so
      // the retry holds one connection like the batch did and the pool stays free for the rest.
      this.logger.warn(`A batch of ${batch.length} submissions failed; retrying one by one`);
      for (const p of batch) await this.write(audience, [p]);
    }
  }

  private async run(audience: Audience, batch: Pending[]): Promise<Set<string>> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const { rows } = await pool.query<{ token_hash: Buffer }>({
      // Prepared once per connection: PostgreSQL plans the statement once, not per batch.
      name: `respond_store_${audience}_answers`,
      text: audience === 'employee' ? STORE_EMPLOYEE_ANSWERS_SQL : STORE_CUSTOMER_ANSWERS_SQL,
      values: [
        batch.map((p) => p.tokenHash),
        batch.map((p) => p.answers),
        batch.map((p) => p.surveyId),
        ...(audience === 'employee' ? [this.seal.keyId] : []),
      ],
    });
    return new Set(rows.map((r) => r.token_hash.toString('hex')));
  }
}
