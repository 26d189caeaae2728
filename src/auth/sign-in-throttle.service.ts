import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuthError, AuthErrorCode } from './auth.errors';
import { SignInThrottle } from './entities/sign-in-throttle.entity';

/** Attempts allowed since the last success before each further one must wait. */
export const FREE_ATTEMPTS = 5;
/** The first wait; it doubles with every further attempt, up to MAX_WAIT_SECONDS. */
const FIRST_WAIT_SECONDS = 60;
const MAX_WAIT_SECONDS = 60 * 60;
/** Attempts older than this are forgotten. */
const MEMORY = '1 day';

const keyOf = (email: string) => createHash('sha256').update(email).digest('hex');

/**
 * The per-account limit beside the per-address one: after FREE_ATTEMPTS attempts without a
 * success, each attempt waits for an exponentially growing back-off, whatever address it
 * comes from. Unknown emails are counted the same way, so a refusal reveals nothing.
 */
@Injectable()
export class SignInThrottleService {
  private lastSweep = 0;

  constructor(
    @InjectRepository(SignInThrottle) private readonly throttles: Repository<SignInThrottle>,
  ) {}

  /**
   * Counts an attempt for this (normalized) email, or throws SIGN_IN_THROTTLED while it must
   * wait. Counting before the password is checked, in one statement, keeps a burst of parallel
   * guesses from slipping past the limit.
   */
  async claimAttempt(email: string): Promise<void> {
    const key = keyOf(email);
    const counted: unknown[] = await this.throttles.query(
      `INSERT INTO sign_in_throttles AS t (email_hash, attempts, last_attempt_at, blocked_until)
       VALUES ($1, 1, now(), NULL)
       ON CONFLICT (email_hash) DO UPDATE SET
         attempts = CASE WHEN t.last_attempt_at < now() - $2::interval THEN 1 ELSE t.attempts + 1 END,
         last_attempt_at = now(),
         blocked_until = CASE
           WHEN t.last_attempt_at >= now() - $2::interval AND t.attempts + 1 >= $3
           THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, t.attempts + 1 - $3)))
           END
       WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
       RETURNING 1`,
      [key, MEMORY, FREE_ATTEMPTS, FIRST_WAIT_SECONDS, MAX_WAIT_SECONDS],
    );
    if (counted.length > 0) return this.sweep();
    const rows: Array<{ wait: number }> = await this.throttles.query(
      `SELECT ceil(extract(epoch FROM blocked_until - now()))::int AS wait
         FROM sign_in_throttles WHERE email_hash = $1`,
      [key],
    );
    throw new AuthError(AuthErrorCode.SIGN_IN_THROTTLED, {
      retryAfterSeconds: Math.max(1, rows[0]?.wait ?? 1),
    });
  }

  /** A successful sign-in starts the count afresh. */
  async clear(email: string): Promise<void> {
    await this.throttles.delete({ emailHash: keyOf(email) });
  }

  /** Drops rows nobody has tried for a day, at most every ten minutes per instance. */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = Date.now();
    await this.throttles.query(
      `DELETE FROM sign_in_throttles WHERE last_attempt_at < now() - $1::interval
         AND (blocked_until IS NULL OR blocked_until <= now())`,
      [MEMORY],
    );
  }
}
