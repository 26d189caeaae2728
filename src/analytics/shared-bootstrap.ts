import { bootstrapHere, type BootstrapRun, type BootstrapSettings } from './linkage-correlation';
import {
  correlationIntervals,
  joined,
  resampledCorrelations,
  type BootstrapInterval,
} from './stats/bootstrap';
import { laggedResamples, type LaggedResampling } from './stats/panel-lagged';

/**
 * The resampling of a linkage analysis, the largest part of its work: the pairs' bootstrap
 * runs and the lagged panel models' bootstrap (null when that section has none). Plain data,
 * so another thread can make part of it.
 */
export interface BootstrapWork {
  runs: BootstrapRun[];
  settings: BootstrapSettings;
  lagged: LaggedResampling | null;
}

/**
 * What the resampling gives: each run's intervals, and the lagged bootstrap's coefficients
 * (laggedResamples' of every resample; empty without it).
 */
export interface BootstrapResults {
  intervals: (BootstrapInterval | null)[][];
  lagged: Float64Array;
}

/** The whole resampling on this thread. */
export function resampleHere({ runs, settings, lagged }: BootstrapWork): BootstrapResults {
  return {
    intervals: bootstrapHere(runs, settings),
    lagged: lagged === null ? new Float64Array(0) : laggedResamples(lagged, 0, lagged.resamples),
  };
}

/** Resamples in one slice of a pairs' run; of the lagged bootstrap (each costs more). */
export const RESAMPLES_PER_SLICE = 200;
export const LAGGED_RESAMPLES_PER_SLICE = 100;

/** Resamples [from, to) of one pairs' run, or of the lagged bootstrap. */
type BootstrapSlice = { from: number; to: number } & (
  { run: BootstrapRun; lagged?: undefined } | { run?: undefined; lagged: LaggedResampling }
);

/**
 * What each slice made, by slice index: the r's of each pair of its run
 * (resampledCorrelations), or one array of lagged coefficients (laggedResamples).
 */
export type SliceResults = Map<number, Float64Array[]>;

/** [from, to) of each slice of `resamples`, `perSlice` at a time. */
function cut(resamples: number, perSlice: number): { from: number; to: number }[] {
  return Array.from({ length: Math.ceil(resamples / perSlice) }, (_, k) => ({
    from: k * perSlice,
    to: Math.min(resamples, (k + 1) * perSlice),
  }));
}

/**
 * The resampling cut into slices (the pairs' runs, run after run, then the lagged bootstrap in
 * smaller slices, so the last ones taken are short) that two threads make together: each takes
 * the next slice from a counter they share (`claims`, over a SharedArrayBuffer), so each slice
 * is made once, by whichever thread is free first. The results put together from the slices
 * are resampleHere's, to the last bit.
 */
export class SharedBootstrap {
  private readonly slices: readonly BootstrapSlice[];

  constructor(
    readonly work: BootstrapWork,
    readonly claims = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)),
  ) {
    const { runs, settings, lagged } = work;
    this.slices = [
      ...runs.flatMap((run) =>
        cut(settings.resamples, RESAMPLES_PER_SLICE).map((range) => ({ ...range, run })),
      ),
      ...(lagged === null
        ? []
        : cut(lagged.resamples, LAGGED_RESAMPLES_PER_SLICE).map((range) => ({ ...range, lagged }))),
    ];
  }

  /** Takes slices until none is left, each into `done`; returns how many it took. */
  take(done: SliceResults): number {
    let taken = 0;
    while (this.takeOne(done)) taken++;
    return taken;
  }

  /** Takes the next slice into `done`, if one is left; returns whether it did. */
  takeOne(done: SliceResults): boolean {
    const k = Atomics.add(this.claims, 0, 1);
    if (k >= this.slices.length) return false;
    done.set(k, this.make(k));
    return true;
  }

  /**
   * The results from the slices made (`done`); a slice missing from it (taken by a thread that
   * then failed) is made now. No slice is taken by either thread after this.
   */
  results(done: SliceResults): BootstrapResults {
    Atomics.store(this.claims, 0, this.slices.length);
    const made = (of: (slice: BootstrapSlice) => boolean) =>
      this.slices.flatMap((slice, k) => (of(slice) ? [done.get(k) ?? this.make(k)] : []));
    const { runs, settings } = this.work;
    return {
      intervals: runs.map((run) =>
        correlationIntervals(
          made((slice) => slice.run === run),
          run.pairs.length,
          settings,
        ),
      ),
      lagged: joined(made((slice) => slice.lagged !== undefined).flat()),
    };
  }

  private make(k: number): Float64Array[] {
    const { run, lagged, from, to } = this.slices[k];
    if (lagged !== undefined) return [laggedResamples(lagged, from, to)];
    return resampledCorrelations(run.variables, run.pairs, this.work.settings, from, to);
  }
}
