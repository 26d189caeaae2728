import { correlationPValue, fisherConfidenceInterval, pearson } from './stats/correlation';
import { benjaminiHochberg } from './stats/fdr';
import {
  correlationProblem,
  insufficient,
  pairedValues,
  type NamedMeasure,
} from './linkage-correlation';
import type { DriverAnalysis, Interval, LinkageRow, Outcome } from './linkage.types';
import { strengthOf } from './stats/verdict';

/**
 * Driver analysis: each employee item's unit mean against the primary customer metric,
 * ranked by |r| (ties by item key), with Benjamini–Hochberg q-values across the items tested.
 * docs/methods.md, "Drivers".
 */
export function analyzeDrivers(
  rows: readonly LinkageRow[],
  customer: NamedMeasure,
  labelOf: (key: string) => string,
): Outcome<DriverAnalysis> {
  const itemKeys = [...new Set(rows.flatMap((row) => Object.keys(row.employee.itemMeans)))];
  if (itemKeys.length === 0) return insufficient('no employee item means were supplied');

  const tested: {
    itemKey: string;
    label: string;
    n: number;
    r: number;
    ci: Interval;
    p: number;
  }[] = [];
  const skipped: DriverAnalysis['skipped'] = [];
  for (const itemKey of itemKeys) {
    const label = labelOf(itemKey);
    const pairs = pairedValues(rows, (row) => row.employee.itemMeans[itemKey], customer.read);
    const problem = correlationProblem(pairs.x, pairs.y, label, customer.label);
    const n = pairs.x.length;
    const r = problem === null ? pearson(pairs.x, pairs.y) : null;
    const ci = r === null ? null : fisherConfidenceInterval(r, n);
    const p = r === null ? null : correlationPValue(r, n);
    if (r === null || ci === null || p === null) {
      skipped.push({ itemKey, reason: problem ?? `no usable variation in ${label}` });
      continue;
    }
    tested.push({ itemKey, label, n, r, ci, p });
  }
  if (tested.length === 0) {
    return insufficient(
      `no employee item could be correlated with ${customer.label}: ${skipped[0].reason}`,
    );
  }

  const q = benjaminiHochberg(tested.map((t) => t.p));
  const items = tested
    .map((t, i) => ({ ...t, q: q[i], strength: strengthOf(t.r) }))
    .sort((a, b) => Math.abs(b.r) - Math.abs(a.r) || (a.itemKey < b.itemKey ? -1 : 1))
    .map((item, index) => ({ rank: index + 1, ...item }));
  return { status: 'ok', customerMetric: customer.key, items, skipped };
}
