import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CurrentUser } from '../auth/current-user';
import type { AppConfig } from '../config/app.config';
import { CycleEvents } from '../cycles/cycle-events';
import { ReportPagesService } from './report-pages.service';

/** Whole-company reports are the same for every executive, HR and admin reader. */
const COMPANY_READER: CurrentUser = {
  id: '00000000-0000-4000-8000-000000000000',
  email: 'reports@tandem.localhost',
  name: 'Report warmer',
  role: 'executive',
  mustChangePassword: false,
  scope: null,
  via: 'api_key',
};

/**
 * When a cycle closes, in the close's last stage (`warm`, after analytics has materialized its
 * stats), builds the whole-company report of that cycle and across all cycles, and their pages,
 * in the background, so the first executive to look does not wait for the analysis. Never holds up or fails the
 * close job. (Each app instance has its own cache; the one running the close job is warmed.)
 */
@Injectable()
export class ReportWarmer implements OnModuleInit {
  private readonly logger = new Logger(ReportWarmer.name);

  constructor(
    private readonly events: CycleEvents,
    private readonly pages: ReportPagesService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  onModuleInit(): void {
    // Tests close cycles and tear their databases down at once; nobody reads a warmed report there.
    if (this.config.get('env', { infer: true }) === 'test') return;
    this.events.on('warm', ({ cycleId }) => {
      void this.warm(cycleId);
    });
  }

  /** Resolves once both reports are built (or failed, which is only logged). */
  warm(cycleId: string): Promise<void> {
    return Promise.all([
      this.pages.cyclePage(COMPANY_READER, cycleId, {}),
      this.pages.rangePage(COMPANY_READER, {}),
    ]).then(
      () => this.logger.log(`Reports for cycle ${cycleId} are ready`),
      (error: unknown) =>
        this.logger.warn(`Could not prepare the reports of cycle ${cycleId}: ${String(error)}`),
    );
  }
}
