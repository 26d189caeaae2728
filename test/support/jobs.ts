import { JOB_SCHEMA } from '../../src/jobs/job-queue.service';
import type { DataSource } from 'typeorm';

/**
 * Waits until no job is running or due: whatever the jobs queued so far were going to send has
 * been sent (a job ends after the SMTP server took its message), so a check that nothing more
 * arrived can be made at once rather than after a pause long enough for a quiet machine. Jobs
 * scheduled for later (reminders, closing) do not count; a job waiting to retry counts once its
 * time has come.
 */
export async function jobsSettled(db: DataSource, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM ${JOB_SCHEMA}.job
        WHERE state = 'active' OR (state IN ('created', 'retry') AND start_after <= now())`,
    );
    if (n === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${n} jobs still running or due after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
