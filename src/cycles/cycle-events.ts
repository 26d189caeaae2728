import { Injectable, Logger } from '@nestjs/common';

export interface CycleClosedEvent {
  cycleId: string;
  closedAt: Date;
}

export type CycleClosedListener = (event: CycleClosedEvent) => Promise<void> | void;

/**
 * Hooks other modules attach to (e.g. analytics materializes unit stats when a cycle closes):
 * `cycleEvents.onClosed(listener)` in their onModuleInit. Listeners run one after another inside
 * the close job; a listener that throws makes the job retry, so listeners must be idempotent.
 * `onClosing` listeners run before every `onClosed` one: they finish storing the cycle's
 * answers (respond releases the sealed employee answers) before anything reads results.
 */
@Injectable()
export class CycleEvents {
  private readonly logger = new Logger(CycleEvents.name);
  private readonly closingListeners: CycleClosedListener[] = [];
  private readonly closedListeners: CycleClosedListener[] = [];

  onClosing(listener: CycleClosedListener): void {
    this.closingListeners.push(listener);
  }

  onClosed(listener: CycleClosedListener): void {
    this.closedListeners.push(listener);
  }

  async emitClosed(event: CycleClosedEvent): Promise<void> {
    for (const listener of this.closingListeners) await listener(event);
    for (const listener of this.closedListeners) await listener(event);
    this.logger.log(`Cycle ${event.cycleId} closed (${this.closedListeners.length} listeners ran)`);
  }
}
