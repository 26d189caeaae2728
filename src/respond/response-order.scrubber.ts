import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CycleEvents } from '../cycles/cycle-events';

/**
 * Storing an answer and marking the invitation used happen in one transaction, so until the
 * cycle closes both rows carry the same PostgreSQL transaction id (xmin) and the responses lie
 * on disk in the order they came in. When the cycle closes, both traces go: every answered
 * employee invitation is rewritten in one transaction (one xmin for all), and the responses
 * are written again in random order (one xmin, no order).
 */
@Injectable()
export class ResponseOrderScrubber implements OnModuleInit {
  constructor(
    private readonly events: CycleEvents,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.events.onClosed(({ cycleId }) => this.scrub(cycleId));
  }

  /** Idempotent: running it again only rewrites the same rows again. */
  async scrub(cycleId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `UPDATE invitations SET responded = responded
          WHERE cycle_id = $1 AND audience = 'employee' AND responded`,
        [cycleId],
      );
      await m.query(
        `WITH moved AS (DELETE FROM employee_responses WHERE cycle_id = $1 RETURNING *)
         INSERT INTO employee_responses (id, cycle_id, unit_id, tenure_band, submitted_on, answers)
         SELECT id, cycle_id, unit_id, tenure_band, submitted_on, answers FROM moved
          ORDER BY random()`,
        [cycleId],
      );
    });
  }
}
