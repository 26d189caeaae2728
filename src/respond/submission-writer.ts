import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CycleWindowsService } from '../cycles/cycle-windows.service';
import { inPreparedTransaction } from '../database/prepared-transaction';
import { Queryable } from '../database/sql';
import type { ClaimedLink, LinkClaim } from '../delivery/survey-links.queries';
import { SurveyLinksService } from '../delivery/survey-links.service';
import type { Audience } from '../surveys/entities/survey.entity';
import { AnswerSeal } from './answer-seal';

/**
 * Employee answers arrive sealed (see AnswerSeal) and stay sealed until the cycle closes: the
 * transaction that writes them uses the invitation, so nothing readable may be in it. The row
 * copies only cycle, unit and tenure band from the invitation.
 */
const STORE_SEALED = `
  INSERT INTO sealed_employee_answers (cycle_id, unit_id, tenure_band, key_id, sealed)
  SELECT cycle_id, unit_id, tenure_band, $4::bytea, sealed
    FROM unnest($1::uuid[], $2::uuid[], $3::text[], $5::bytea[]) AS r(cycle_id, unit_id, tenure_band, sealed)`;

/** Customers are told their answers are linked to their account. */
const STORE_CUSTOMER = `
  INSERT INTO customer_responses (cycle_id, unit_id, account_id, contact_id, invitation_id, answers, language)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::jsonb[], $7::text[])`;

/** Answers to store with the claimed invitation they go with. */
export interface ClaimedAnswers {
  claimed: ClaimedLink;
  /** Sealed for employees (see AnswerSeal), JSON text for customers. */
  answers: Buffer | string;
  /** Customers: the language answered in (an employee's is sealed with the answers). */
  language?: string | null;
}

/** Stores the answers of links just claimed, in the claim's transaction (one INSERT). */
export async function storeClaimedAnswers(
  db: Queryable,
  audience: Audience,
  rows: readonly ClaimedAnswers[],
  keyId: Buffer,
): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ClaimedLink>(key: K) => rows.map((r) => r.claimed[key]);
  if (audience === 'employee')
    await db.query(STORE_SEALED, [
      column('cycleId'),
      column('unitId'),
      column('tenureBand'),
      keyId,
      rows.map((r) => r.answers),
    ]);
  else
    await db.query(STORE_CUSTOMER, [
      column('cycleId'),
      column('unitId'),
      column('accountId'),
      column('contactId'),
      column('invitationId'),
      rows.map((r) => r.answers),
      rows.map((r) => r.language ?? null),
    ]);
}

/** A submission as the claim needs it: its token's hash and the survey it was checked against. */
export interface PostedLink {
  tokenHash: Buffer;
  surveyId: string;
}

/**
 * The statements of one batch of submissions, in the caller's transaction: the open cycles
 * using the posted surveys are locked (cycles), the links claimed in exactly those cycles
 * (delivery), and the answers of the claimed ones stored (here). A submission is stored only
 * when its token leads to an unanswered invitation of this audience, in an open cycle that uses
 * exactly the survey the answers were checked against; a link posted twice stores the first
 * post's answers. Returns the token hashes (hex) stored.
 */
export async function claimAndStore(
  db: Queryable,
  deps: {
    lockOpen: (
      db: Queryable,
      audience: Audience,
      surveyIds: string[],
    ) => Promise<Array<{ cycleId: string; surveyId: string }>>;
    claim: (db: Queryable, audience: Audience, claims: LinkClaim[]) => Promise<ClaimedLink[]>;
    keyId: Buffer;
  },
  audience: Audience,
  posted: ReadonlyArray<PostedLink & { answers: Buffer | string; language?: string | null }>,
): Promise<Set<string>> {
  const stored = new Set<string>();
  // Customers' answers are JSON text: a batch holding anything else fails before it claims
  // anything (and is retried one by one), as PostgreSQL's jsonb cast would have failed it.
  if (audience === 'customer') for (const p of posted) JSON.parse(String(p.answers));
  const open = await deps.lockOpen(db, audience, [...new Set(posted.map((p) => p.surveyId))]);
  if (open.length === 0) return stored;
  const cyclesOf = new Map<string, string[]>();
  for (const c of open) cyclesOf.set(c.surveyId, [...(cyclesOf.get(c.surveyId) ?? []), c.cycleId]);
  const first = new Map<string, number>();
  posted.forEach((p, i) => {
    const key = p.tokenHash.toString('hex');
    if (!first.has(key)) first.set(key, i);
  });
  const claims: LinkClaim[] = [...first.values()].flatMap((i) =>
    (cyclesOf.get(posted[i].surveyId) ?? []).map((cycleId) => ({
      tokenHash: posted[i].tokenHash,
      cycleId,
    })),
  );
  const claimed = await deps.claim(db, audience, claims);
  const rows = claimed.map((c) => {
    const i = first.get(c.tokenHash.toString('hex'))!;
    stored.add(c.tokenHash.toString('hex'));
    return { claimed: c, answers: posted[i].answers, language: posted[i].language };
  });
  await storeClaimedAnswers(db, audience, rows, deps.keyId);
  return stored;
}

/** One checked submission waiting to be written. */
interface Pending {
  tokenHash: Buffer;
  /** Sealed for employees (see AnswerSeal), JSON text for customers. */
  answers: Buffer | string;
  surveyId: string;
  language: string | null;
  settle: (stored: boolean) => void;
  fail: (error: unknown) => void;
}

/** Transactions in flight at once; the rest of the pool stays free for everything else. */
const MAX_RUNNING = 4;
/** Submissions per transaction at most. */
const MAX_BATCH = 64;

/**
 * Writes survey submissions, several to a transaction when they arrive together (see
 * claimAndStore). While fewer than MAX_RUNNING transactions are running a submission goes out
 * at once (with whatever arrived in the same turn of the event loop); under a burst the next
 * ones wait for a transaction to finish and then go out together. A burst thus costs
 * PostgreSQL one transaction of three statements per batch rather than per person, and
 * employee answers are sealed before they get here, so the transaction that uses an
 * invitation holds nothing readable of them.
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
    private readonly cycles: CycleWindowsService,
    private readonly links: SurveyLinksService,
  ) {}

  /** Resolves to whether the answers were stored (false: nothing to claim for that token). */
  store(
    audience: Audience,
    tokenHash: Buffer,
    answers: Buffer | string,
    surveyId: string,
    language: string | null = null,
  ): Promise<boolean> {
    return new Promise((settle, fail) => {
      this.queues[audience].push({ tokenHash, answers, surveyId, language, settle, fail });
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

  /**
   * One transaction per batch, every statement prepared (inPreparedTransaction): PostgreSQL
   * plans each once per connection, not per batch.
   */
  private async run(audience: Audience, batch: Pending[]): Promise<Set<string>> {
    return inPreparedTransaction(this.dataSource, (db) =>
      claimAndStore(
        db,
        {
          lockOpen: (q, a, ids) => this.cycles.lockOpen(q, a, ids),
          claim: (q, a, claims) => this.links.claim(q, a, claims),
          keyId: this.seal.keyId,
        },
        audience,
        batch,
      ),
    );
  }
}
