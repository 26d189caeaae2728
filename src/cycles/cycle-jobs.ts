/** Queues of the cycle lifecycle; each job carries ids only. */
export const CYCLE_QUEUES = {
  open: 'cycle-open',
  close: 'cycle-close',
  remind: 'cycle-remind',
  tick: 'cycle-tick',
} as const;

export interface CycleJob {
  cycleId: string;
}

export interface RemindJob extends CycleJob {
  /** 1 for the first reminder day, 2 for the second, ... */
  round: number;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
