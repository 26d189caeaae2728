import { bootstrapCorrelationCIs, type BootstrapInterval } from './stats/bootstrap';
import {
  averageRanks,
  correlationPValue,
  fisherConfidenceInterval,
  pearson,
} from './stats/correlation';
import { isConstant, isFiniteNumber } from './stats/descriptives';
import type {
  CorrelationSummary,
  Insufficient,
  Interval,
  LinkageRow,
  Outcome,
} from './linkage.types';
import { partialCorrelation } from './stats/partial-correlation';
import { isExploratory, strengthOf } from './stats/verdict';

/**
 * Pearson/Spearman/bootstrap/partial summaries of pairs of unit-level measures
 * (docs/methods.md, "Correlations of one cycle").
 */

export type Measure = (row: LinkageRow) => number | null | undefined;

export interface NamedMeasure {
  key: string;
  label: string;
  read: Measure;
}

/** Smallest N for a full summary: the Fisher interval needs N − 3 > 0. */
export const MIN_UNITS = 4;

export interface BootstrapSettings {
  resamples: number;
  seed: number;
}

/** Rows where both measures are finite numbers (pairwise deletion). */
export function pairedValues(rows: readonly LinkageRow[], x: Measure, y: Measure) {
  const kept = rows.filter((row) => isFiniteNumber(x(row)) && isFiniteNumber(y(row)));
  return {
    rows: kept,
    x: kept.map((row) => x(row) as number),
    y: kept.map((row) => y(row) as number),
  };
}

export function insufficient(reason: string): { status: 'insufficient'; reason: string } {
  return { status: 'insufficient', reason };
}

/** Why a correlation between x and y cannot be computed, or null if it can. */
export function correlationProblem(
  x: readonly number[],
  y: readonly number[],
  xLabel: string,
  yLabel: string,
): string | null {
  if (x.length < MIN_UNITS) {
    return `needs at least ${MIN_UNITS} units with both ${xLabel} and ${yLabel}; found ${x.length}`;
  }
  if (isConstant(x))
    return `${xLabel} is the same in every unit, so it cannot correlate with anything`;
  if (isConstant(y))
    return `${yLabel} is the same in every unit, so it cannot correlate with anything`;
  return null;
}

function partialForUnitSize(
  rows: readonly LinkageRow[],
  x: readonly number[],
  y: readonly number[],
): CorrelationSummary['partialForUnitSize'] {
  const keep = rows.map((row) => isFiniteNumber(row.headcount) && row.headcount > 0);
  const size = rows.map((row) => row.headcount as number).filter((_, i) => keep[i]);
  const xs = x.filter((_, i) => keep[i]);
  const ys = y.filter((_, i) => keep[i]);
  if (size.length < MIN_UNITS + 1) {
    return insufficient(
      `needs unit size for at least ${MIN_UNITS + 1} units; known for ${size.length}`,
    );
  }
  if (isConstant(size))
    return insufficient('all units are the same size, so there is nothing to control for');
  const partial = partialCorrelation(xs, ys, [size]);
  if (partial === null || partial.ci === null) {
    return insufficient(
      'unit size explains one of the measures completely, or a measure does not vary',
    );
  }
  return { status: 'ok', r: partial.r, p: partial.p, ci: partial.ci, n: partial.n, df: partial.df };
}

/** One bootstrap of several pairs over the same units (bootstrapCorrelationCIs' arguments). */
export interface BootstrapRun {
  variables: number[][];
  pairs: [number, number][];
}

/** bootstrapCorrelationCIs of each run, in order, on this thread. */
export function bootstrapHere(
  runs: readonly BootstrapRun[],
  settings: BootstrapSettings,
): (BootstrapInterval | null)[][] {
  return runs.map((run) => bootstrapCorrelationCIs(run.variables, run.pairs, settings));
}

/**
 * The pairs' summaries in two steps: the bootstrap runs they need, and then the summaries
 * from the runs' intervals. Between the two, the runs can go to another thread.
 */
export interface PairsPlan {
  runs: BootstrapRun[];
  finish(
    intervals: readonly (readonly (BootstrapInterval | null)[])[],
  ): Outcome<CorrelationSummary>[];
}

/**
 * The summary of each pair of unit-level measures. Pairs over the same units (the same rows
 * left after pairwise deletion) draw the same bootstrap resamples, so their bootstrap runs
 * together (bootstrapCorrelationCIs), which gives each pair exactly its own interval.
 */
export function summarizePairs(
  rows: readonly LinkageRow[],
  pairs: readonly { x: NamedMeasure; y: NamedMeasure }[],
  bootstrap: BootstrapSettings,
): Outcome<CorrelationSummary>[] {
  const plan = planPairs(rows, pairs);
  return plan.finish(bootstrapHere(plan.runs, bootstrap));
}

/** summarizePairs, with its bootstrap runs set apart (PairsPlan). */
export function planPairs(
  rows: readonly LinkageRow[],
  pairs: readonly { x: NamedMeasure; y: NamedMeasure }[],
): PairsPlan {
  // A measure's ranks are the same in every pair over the same units: ranked once (Spearman's
  // ρ is Pearson's r of the ranks, as spearman() computes it).
  const ranked: { values: number[]; ranks: number[] }[] = [];
  const ranksOf = (values: number[]) => {
    let found = ranked.find((r) => sameValues(r.values, values));
    if (found === undefined) {
      found = { values, ranks: averageRanks(values) };
      ranked.push(found);
    }
    return found.ranks;
  };
  const prepared = pairs.map(({ x, y }) => prepare(rows, x, y, ranksOf));
  const groups = new Map<string, number[]>();
  const rowIndex = new Map(rows.map((row, i) => [row, i]));
  prepared.forEach((pair, index) => {
    if (pair.status !== 'ready') return;
    const key =
      pair.rows.length === rows.length ? '' : pair.rows.map((r) => rowIndex.get(r)).join(',');
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [index]);
    else members.push(index);
  });
  const runs = [...groups.values()].map((members) => {
    const variables: number[][] = [];
    const variable = (values: number[]) => {
      const found = variables.findIndex((v) => sameValues(v, values));
      return found >= 0 ? found : variables.push(values) - 1;
    };
    const indices = members.map((index) => {
      const { values } = prepared[index] as Ready;
      return [variable(values.x), variable(values.y)] as [number, number];
    });
    return { variables, pairs: indices };
  });
  const finish: PairsPlan['finish'] = (results) => {
    if (results.length !== runs.length)
      throw new Error(`expected ${runs.length} bootstrap results, got ${results.length}`);
    const intervals = new Map<number, BootstrapInterval | null>();
    [...groups.values()].forEach((members, g) =>
      members.forEach((index, k) => intervals.set(index, results[g][k])),
    );
    return prepared.map((pair, index) => {
      if (pair.status !== 'ready') return pair;
      const boot = intervals.get(index)!;
      const { n, r, ci, p, rho, values } = pair;
      return {
        status: 'ok',
        n,
        r,
        ci,
        p,
        spearman: rho,
        bootstrapCi:
          boot === null
            ? insufficient('too few distinct units for resampling to vary')
            : { status: 'ok', lower: boot.lower, upper: boot.upper, resamples: boot.used },
        partialForUnitSize: partialForUnitSize(pair.rows, values.x, values.y),
        strength: strengthOf(r),
        exploratory: isExploratory(r, n),
      };
    });
  };
  return { runs, finish };
}

interface Ready {
  status: 'ready';
  rows: LinkageRow[];
  values: { x: number[]; y: number[] };
  n: number;
  r: number;
  rho: number;
  ci: Interval;
  p: number;
}

/** Everything of a pair's summary but the bootstrap, or why it cannot be made. */
function prepare(
  rows: readonly LinkageRow[],
  x: NamedMeasure,
  y: NamedMeasure,
  ranksOf: (values: number[]) => number[],
): Ready | Insufficient {
  const pairs = pairedValues(rows, x.read, y.read);
  const problem = correlationProblem(pairs.x, pairs.y, x.label, y.label);
  if (problem !== null) return insufficient(problem);
  const n = pairs.x.length;
  const r = pearson(pairs.x, pairs.y);
  const rho = pearson(ranksOf(pairs.x), ranksOf(pairs.y));
  const ci = r === null ? null : fisherConfidenceInterval(r, n);
  const p = r === null ? null : correlationPValue(r, n);
  if (r === null || rho === null || ci === null || p === null) {
    return insufficient(`no usable variation in ${x.label} or ${y.label}`);
  }
  return {
    status: 'ready',
    rows: pairs.rows,
    values: { x: pairs.x, y: pairs.y },
    n,
    r,
    rho,
    ci,
    p,
  };
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
