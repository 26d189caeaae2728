import { iccFromAggregates, rwgJFromAggregates } from './stats/agreement';
import { isFiniteNumber, median, type SumAggregate } from './stats/descriptives';
import { insufficient } from './linkage-correlation';
import type { AggregationChecks, LinkageRow, UnitAgreement } from './linkage.types';

/** r_wg(j) per unit and ICC(1)/ICC(2) per metric, over the units in the analysis. */

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

function unitAgreement(row: LinkageRow, responseOptions: number): UnitAgreement {
  const items = Object.values(row.employee.itemAggregates ?? {}).filter(isUsable);
  const rwg = items.length === 0 ? null : rwgJFromAggregates(items, responseOptions);
  return {
    unitId: row.unitId,
    result:
      rwg === null
        ? insufficient('no item with at least two answers')
        : { status: 'ok', rwgJ: rwg.rwgJ, items: rwg.items, truncated: rwg.truncated },
  };
}

export function checkAggregation(
  rows: readonly LinkageRow[],
  responseOptions: number,
): AggregationChecks {
  const units = rows.map((row) => unitAgreement(row, responseOptions));
  const values = units.flatMap((u) => (u.result.status === 'ok' ? [u.result.rwgJ] : []));
  const rwg: AggregationChecks['rwg'] =
    values.length === 0
      ? insufficient('no unit has per-item answer aggregates')
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
  const icc = metrics.map((metric) => {
    const groups = rows.flatMap((row) => {
      const aggregate = row.employee.scoreAggregates?.[metric];
      return isUsable(aggregate) ? [aggregate] : [];
    });
    const result = iccFromAggregates(groups);
    if (result === null) {
      return {
        metric,
        result: insufficient(
          'needs at least 2 units, answers that vary between units, and more answers than units',
        ),
      };
    }
    const { icc1, icc2, groups: groupCount, respondents, groupSizeK, fTest } = result;
    return {
      metric,
      result: {
        status: 'ok' as const,
        icc1,
        icc2,
        groups: groupCount,
        respondents,
        groupSizeK,
        fTest:
          fTest === null
            ? insufficient('no variation within units')
            : { status: 'ok' as const, ...fTest },
      },
    };
  });
  return { rwg, icc };
}
