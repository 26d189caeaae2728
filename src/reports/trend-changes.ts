import { ChangeScale, ChangeTest, testChange } from '../analytics/stats/trend-change';
import { valueKind } from './metric-display';

/**
 * Which changes a trend chart marks, and where its axes start. The test itself is the pure
 * testChange() (docs/methods.md, "Changes between cycles").
 */

export type TrendSide = 'employee' | 'customer' | 'turnover';

/** How a measure's respondent-level spread is bounded; null: no test (turnover is not a survey figure). */
export function changeScale(key: string, side: TrendSide): ChangeScale | null {
  if (side === 'turnover') return null;
  switch (valueKind(key)) {
    case 'nps':
      return 'net';
    case 'percent':
      return 'share';
    case 'index':
      return 'index';
    case 'proportion':
      return null;
  }
}

export interface LinePoint {
  cycle: string;
  value: number;
  n: number;
}

/**
 * Each point's test against the line's point in the cycle just before it (`cycles` in order);
 * null for the first point, after a gap, or with no test for this scale.
 */
export function consecutiveChanges(
  scale: ChangeScale | null,
  points: readonly LinePoint[],
  cycles: readonly string[],
): (ChangeTest | null)[] {
  const byCycle = new Map(points.map((p) => [p.cycle, p]));
  return points.map((p) => {
    if (scale === null) return null;
    const i = cycles.indexOf(p.cycle);
    const before = i > 0 ? byCycle.get(cycles[i - 1]) : undefined;
    return before === undefined ? null : testChange(scale, before, p);
  });
}

/**
 * A panel's vertical axis: the values' range padded and rounded out to a step of 5 (10 for wide
 * ranges), kept inside what the measure can be (0–100, −100–100, turnover from 0). The panel
 * states it, so a trend drawn from 60 is never mistaken for one drawn from zero.
 */
export function axisDomain(
  key: string,
  side: TrendSide,
  values: readonly number[],
): [number, number] {
  const [lo0, hi0] = side === 'turnover' ? [0, Infinity] : bounds(key);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const step = max - min > 30 ? 10 : 5;
  let lo = Math.floor((min - 2) / step) * step;
  let hi = Math.ceil((max + 2) / step) * step;
  if (hi - lo < 10) hi = lo + 10;
  lo = Math.max(lo0, lo);
  hi = Math.min(hi0, hi);
  return [lo, hi];
}

function bounds(key: string): [number, number] {
  switch (valueKind(key)) {
    case 'nps':
      return [-100, 100];
    case 'percent':
    case 'index':
      return [0, 100];
    case 'proportion':
      return [0, Infinity];
  }
}
