import { rwgJFromAggregates } from './stats/agreement';
import { iccStandardFromAggregates } from './stats/agreement-standard';
import { isFiniteNumber, median, type SumAggregate } from './stats/descriptives';
import { insufficient } from './linkage-correlation';
import type {
  AgreementSummary,
  AggregationChecks,
  IccFigures,
  LinkageRow,
  Outcome,
  UnitAgreement,
} from './linkage.types';

/**
 * Agreement checks over the units in the analysis (docs/methods.md, "Agreement"): r_wg(j)
 * per unit over the J items of the scale being aggregated, uniform null (James, Demaree &
 * Wolf 1984), and ICC(1)/ICC(2) per index as multilevel::ICC1/ICC2 (k = N/G, Bliese 2000),
 * the ANOVA k0 variant kept only as a second, labelled figure.
 */

const RWG_BAR = 0.7;

function isUsable(aggregate: SumAggregate | undefined): aggregate is SumAggregate {
  return (
    aggregate !== undefined &&
    Number.isInteger(aggregate.n) &&
    aggregate.n >= 0 &&
    isFiniteNumber(aggregate.sum) &&
    isFiniteNumber(aggregate.sumSq)
  );
}

/**
 * From per-item aggregates the item variances are over the respondents who answered each item;
 * multilevel::rwg.j drops respondents missing any item first. The two agree whenever every
 * respondent answered every item of the scale.
 */
function unitAgreement(
  row: LinkageRow,
  items: readonly string[] | null,
  responseOptions: number,
): UnitAgreement {
  const all = row.employee.itemAggregates ?? {};
  const chosen = (items ?? Object.keys(all)).map((key) => all[key]).filter(isUsable);
  const rwg = chosen.length === 0 ? null : rwgJFromAggregates(chosen, responseOptions);
  return {
    unitId: row.unitId,
    result:
      rwg === null
        ? insufficient('no item of the scale with at least two answers')
        : { status: 'ok', rwgJ: rwg.rwgJ, items: rwg.items, truncated: rwg.truncated },
  };
}

function iccOf(rows: readonly LinkageRow[], metric: string): Outcome<IccFigures> {
  const groups = rows.flatMap((row) => {
    const aggregate = row.employee.scoreAggregates?.[metric];
    return isUsable(aggregate) ? [aggregate] : [];
  });
  const result = iccStandardFromAggregates(groups);
  if (result === null) {
    return insufficient(
      'needs at least 2 units, answers that vary between units, and more answers than units',
    );
  }
  return {
    status: 'ok',
    icc1: result.icc1,
    icc2: result.icc2,
    groups: result.groups,
    respondents: result.respondents,
    groupSizeK: result.meanGroupSize,
    icc1EffectiveSize: result.icc1EffectiveSize,
    effectiveGroupSize: result.effectiveGroupSize,
    msBetween: result.msBetween,
    msWithin: result.msWithin,
    fTest:
      result.fTest === null
        ? insufficient('no variation within units')
        : { status: 'ok', ...result.fTest },
  };
}

/**
 * `scaleItems`: the item keys of the scale being aggregated; null = every item aggregate of a
 * row (a caller that does not know the scales).
 */
export function checkAggregation(
  rows: readonly LinkageRow[],
  responseOptions: number,
  scaleItems: readonly string[] | null = null,
): AggregationChecks {
  const units = rows.map((row) => unitAgreement(row, scaleItems, responseOptions));
  const values = units.flatMap((u) => (u.result.status === 'ok' ? [u.result.rwgJ] : []));
  const rwg: AggregationChecks['rwg'] =
    values.length === 0
      ? insufficient('no unit has per-item answer aggregates for the scale')
      : {
          status: 'ok',
          responseOptions,
          units,
          medianRwgJ: median(values),
          shareAtLeast70: values.filter((v) => v >= RWG_BAR).length / values.length,
        };

  const metrics = [
    ...new Set(rows.flatMap((row) => Object.keys(row.employee.scoreAggregates ?? {}))),
  ];
  return { rwg, icc: metrics.map((metric) => ({ metric, result: iccOf(rows, metric) })) };
}

/**
 * The scale whose unit means the analysis aggregates: the primary employee metric when it is
 * an index with items, else engagement, else the first index.
 */
export function aggregatedScale(
  primary: string,
  scales: Readonly<Record<string, readonly string[]>> | undefined,
): { metric: string; items: string[] } | null {
  if (scales === undefined) return null;
  const withItems = Object.entries(scales).filter(([, items]) => items.length > 0);
  const found =
    withItems.find(([key]) => key === primary) ??
    withItems.find(([key]) => key === 'engagement') ??
    withItems[0];
  return found === undefined ? null : { metric: found[0], items: [...found[1]] };
}

/** The summary of the aggregated scale: its r_wg(j) over the units and its ICCs. */
export function summarizeAgreement(
  checks: AggregationChecks,
  scale: { metric: string; items: string[] } | null,
  responseOptions: number,
): Outcome<AgreementSummary> {
  if (scale === null) return insufficient('the survey has no multi-item employee scale');
  const icc = checks.icc.find((x) => x.metric === scale.metric)?.result;
  return {
    status: 'ok',
    metric: scale.metric,
    items: scale.items,
    responseOptions,
    rwg:
      checks.rwg.status === 'ok'
        ? {
            status: 'ok',
            units: checks.rwg.units.filter((u) => u.result.status === 'ok').length,
            medianRwgJ: checks.rwg.medianRwgJ,
            shareAtLeast70: checks.rwg.shareAtLeast70,
          }
        : checks.rwg,
    icc: icc ?? insufficient(`no per-respondent ${scale.metric} scores in the focus cycle`),
  };
}
