import { Injectable } from '@nestjs/common';
import { JobQueue } from '../jobs/job-queue.service';
import { DUE_SEND_JOBS } from './invitation-send.queries';
import { SEND_QUEUE } from './invitation-sender.service';
import { MailableFacts } from './mailable-facts.service';

/**
 * What other modules ask of delivery: mail a cycle's invitations, or a reminder round. Who
 * gets each is delivery's rule (mailableFor, with what cycles and the directory say:
 * MailableFacts), decided here with one INSERT ... SELECT into the job queue and again by the
 * sender when it claims the send.
 */
@Injectable()
export class InvitationQueue {
  constructor(
    private readonly jobs: JobQueue,
    private readonly facts: MailableFacts,
  ) {}

  /** Queues the first email of every invitation of the cycle not yet sent; returns how many. */
  queueInvitations(cycleId: string): Promise<number> {
    return this.queue(cycleId, 0, 0);
  }

  /**
   * Queues reminder `round` (1 for the first) for everyone the reminder rule allows; with
   * `gapHours`, only those whose last email from the cycle is older than that (checked again
   * when each is sent, so two rounds queued close together reach nobody twice).
   */
  async queueReminders(
    cycleId: string,
    round: number,
    options: { gapHours?: number } = {},
  ): Promise<number> {
    if (!Number.isInteger(round) || round < 1)
      throw new RangeError(`A reminder round is 1 or more, not ${round}.`);
    const gapHours = options.gapHours ?? 0;
    if (!Number.isInteger(gapHours) || gapHours < 0)
      throw new RangeError(`A reminder window is whole hours, not ${gapHours}.`);
    return this.queue(cycleId, round, gapHours);
  }

  private async queue(cycleId: string, round: number, gapHours: number): Promise<number> {
    const facts = await this.facts.forCycle(cycleId);
    if (facts.sending.size === 0) return 0;
    return this.jobs.sendSelected(SEND_QUEUE, DUE_SEND_JOBS, [
      cycleId,
      round,
      [...facts.sending.keys()],
      facts.unreachableContactIds,
      gapHours,
    ]);
  }
}
