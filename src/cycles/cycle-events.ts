import { Injectable, Logger } from '@nestjs/common';

export interface CycleClosedEvent {
  cycleId: string;
  closedAt: Date;
}

export type CycleClosedListener = (event: CycleClosedEvent) => Promise<void> | void;

export interface CycleOpenedEvent {
  cycleId: string;
  openedAt: Date;
}

export type CycleOpenedListener = (event: CycleOpenedEvent) => Promise<void> | void;

/**
 * What happens when a cycle closes, in this order. Each stage's listeners finish before the
 * next stage starts, whatever order modules registered in:
 * 1. `release-answers`: finish storing the cycle's answers (respond opens the sealed employee
 *    answers), so everything after reads complete data;
 * 2. `materialize-stats`: analytics writes the cycle's unit stats from those answers;
 * 3. `emit`: everyone else who reacts to a close (follow-ups open, listeners in tests);
 * 4. `warm`: reports of the cycle are prepared from the materialized stats.
 */
export const CYCLE_CLOSE_STAGES = ['release-answers', 'materialize-stats', 'emit', 'warm'] as const;

export type CycleCloseStage = (typeof CYCLE_CLOSE_STAGES)[number];

/**
 * Hooks other modules attach to in their onModuleInit: `cycleEvents.on(stage, listener)`, or
 * `onClosed(listener)` for the `emit` stage. Listeners run one after another inside the close
 * job, stage by stage (CYCLE_CLOSE_STAGES); a listener that throws makes the job retry, so
 * listeners must be idempotent.
 */
@Injectable()
export class CycleEvents {
  private readonly logger = new Logger(CycleEvents.name);
  private readonly listeners = new Map<CycleCloseStage, CycleClosedListener[]>(
    CYCLE_CLOSE_STAGES.map((stage) => [stage, []]),
  );

  on(stage: CycleCloseStage, listener: CycleClosedListener): void {
    this.listeners.get(stage)!.push(listener);
  }

  /** The `release-answers` stage: before anything reads the cycle's results. */
  onClosing(listener: CycleClosedListener): void {
    this.on('release-answers', listener);
  }

  /** The `emit` stage: after the answers are stored and the stats materialized. */
  onClosed(listener: CycleClosedListener): void {
    this.on('emit', listener);
  }

  private readonly openedListeners: CycleOpenedListener[] = [];

  /** When a cycle turns open (once per cycle). */
  onOpened(listener: CycleOpenedListener): void {
    this.openedListeners.push(listener);
  }

  /**
   * Runs the opened listeners after the cycle is open. The opening stands whatever they do, so
   * a listener that throws is logged and the others still run.
   */
  async emitOpened(event: CycleOpenedEvent): Promise<void> {
    for (const listener of this.openedListeners)
      await Promise.resolve()
        .then(() => listener(event))
        .catch((error: Error) =>
          this.logger.error(`Cycle ${event.cycleId} opened listener: ${error.message}`),
        );
  }

  async emitClosed(event: CycleClosedEvent): Promise<void> {
    let ran = 0;
    for (const stage of CYCLE_CLOSE_STAGES) {
      for (const listener of this.listeners.get(stage)!) {
        await listener(event);
        ran++;
      }
    }
    this.logger.log(`Cycle ${event.cycleId} closed (${ran} listeners ran)`);
  }
}
