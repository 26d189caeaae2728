import type PgBoss from 'pg-boss';
import type { JobQueue, WorkerControl } from '../jobs/job-queue.service';
import type { MailMessage, MailTransport } from '../delivery/mail-transport.service';

/** A send that should be tried again later (a transient SMTP failure). */
export class RetryLater extends Error {}

/**
 * Runs one mail job per item of a pg-boss batch, side by side. Jobs that throw RetryLater are
 * failed on their own (pg-boss retries them with backoff) so the ones that went out are not
 * sent again; anything else propagates and fails the whole batch.
 */
export async function settleEach<T>(
  jobs: JobQueue,
  queue: string,
  batch: PgBoss.JobWithMetadata<T>[],
  control: WorkerControl | undefined,
  batchSize: number,
  handle: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): Promise<void> {
  if (batch.length >= batchSize) control?.fetchAgain();
  const retry: string[] = [];
  let reason: Error | null = null;
  await Promise.all(
    batch.map(async (job) => {
      try {
        await handle(job);
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        retry.push(job.id);
        reason = error;
      }
    }),
  );
  if (retry.length > 0) await jobs.fail(queue, retry, reason ?? new Error('retry'));
}

/** Sends one message; a transient failure becomes RetryLater, a permanent one returns false. */
export async function deliver(transport: MailTransport, message: MailMessage): Promise<boolean> {
  const outcome = await transport.send(message);
  if (outcome.ok) return true;
  if (!outcome.permanent) throw new RetryLater(outcome.error);
  return false;
}

export const MAIL_QUEUE_OPTIONS = {
  policy: 'standard' as const,
  retryLimit: 8,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 300,
};
