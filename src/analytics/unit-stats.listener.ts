import { Injectable, OnModuleInit } from '@nestjs/common';
import { CycleEvents } from '../cycles/cycle-events';
import { UnitStatsService } from './unit-stats.service';

/**
 * Materializes a cycle's unit stats when it closes, in the close's `materialize-stats` stage
 * (after the answers are released; idempotent, so job retries are safe).
 */
@Injectable()
export class UnitStatsListener implements OnModuleInit {
  constructor(
    private readonly events: CycleEvents,
    private readonly stats: UnitStatsService,
  ) {}

  onModuleInit(): void {
    this.events.on('materialize-stats', async ({ cycleId }) => {
      await this.stats.materialize(cycleId);
    });
  }
}
