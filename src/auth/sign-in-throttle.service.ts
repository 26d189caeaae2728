import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { AuthError, AuthErrorCode } from './auth.errors';
import { SignInThrottle } from './entities/sign-in-throttle.entity';

/** Attempts allowed since the last success before each further one must wait. */
export const FREE_ATTEMPTS = 5;
/** Attempts older than this are forgotten. */
const MEMORY = '1 day';

/** How many attempts go free for one email, and how long each further one waits. */
export interface ThrottlePolicy {
  /** Keeps the counts of different actions apart; '' for sign-in. */
  prefix: string;
  freeAttempts: number;
  /** The first wait; it doubles with every further attempt, up to maxWaitSeconds. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  /** The error a throttled attempt throws. */
  code: AuthErrorCode;
}

export const SIGN_IN_POLICY: ThrottlePolicy = {
  prefix: '',
  freeAttempts: FREE_ATTEMPTS,
  firstWaitSeconds: 60,
  maxWaitSeconds: 60 * 60,
  code: AuthErrorCode.SIGN_IN_THROTTLED,
};

/** Password-reset emails to one address: three, then a quarter of an hour, doubling. */
export const PASSWORD_RESET_POLICY: ThrottlePolicy = {
  prefix: 'password-reset:',
  freeAttempts: 3,
  firstWaitSeconds: 15 * 60,
  maxWaitSeconds: 4 * 60 * 60,
  code: AuthErrorCode.RESET_THROTTLED,
};

const keyOf = (email: string, policy: ThrottlePolicy) =>
  createHash('sha256').update(`${policy.prefix}${email}`).digest('hex');

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
   * guesses from slipping past the limit. Other actions count under their own policy.
   */
  async claimAttempt(email: string, policy: ThrottlePolicy = SIGN_IN_POLICY): Promise<void> {
    const key = keyOf(email, policy);
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
      [key, MEMORY, policy.freeAttempts, policy.firstWaitSeconds, policy.maxWaitSeconds],
    );
    if (counted.length > 0) return this.sweep();
    const rows: Array<{ wait: number }> = await this.throttles.query(
      `SELECT ceil(extract(epoch FROM blocked_until - now()))::int AS wait
         FROM sign_in_throttles WHERE email_hash = $1`,
      [key],
    );
    throw new AuthError(policy.code, {
      retryAfterSeconds: Math.max(1, rows[0]?.wait ?? 1),
    });
  }

  /** A successful sign-in (or a password set from a link) starts the count afresh. */
  async clear(email: string, policy: ThrottlePolicy = SIGN_IN_POLICY): Promise<void> {
    await this.throttles.delete({ emailHash: keyOf(email, policy) });
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
