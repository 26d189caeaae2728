import type { LinkageReport } from '../analytics/linkage.service';
import { inSentence } from '../analytics/linkage-panel';
import type { LaggedSection } from '../analytics/linkage.types';
import { formatCount, formatR, formatStatistic } from './report-format';

/**
 * The words of the linkage page's "across all cycles" section: between and within units,
 * which comes first within units, and the top- against bottom-quarter gaps (with the cost of
 * turnover when LEAVER_COST is set). The numbers sit in panelTable and quartileGapsTable.
 */

const interval = (ci: readonly [number, number] | null, format: (v: number) => string) =>
  ci === null ? 'no interval' : `95% interval ${format(ci[0])} to ${format(ci[1])}`;

function lagSentence(lag: LaggedSection, e: string, c: string): string {
  const diff = `difference ${formatR(lag.difference.estimate)}, ${interval(lag.difference.ci, formatR)}`;
  switch (lag.direction) {
    case 'employee-first':
      return `Within units, ${e} came first: a unit's ${e} predicted its ${c} in the next cycle more strongly than the other way round (${diff}).`;
    case 'customer-first':
      return `Within units, ${c} came first: a unit's ${c} predicted its ${e} in the next cycle more strongly than the other way round (${diff}).`;
    case 'not-shown':
      return `Within units, the data do not show which comes first (${diff}, which includes zero).`;
  }
}

export function panelView(report: LinkageReport) {
  const { panel } = report.analysis;
  const label = (key: string) =>
    [...report.metrics.employee, ...report.metrics.customer].find((m) => m.key === key)?.label ??
    key;
  const e = inSentence(label(report.primary.employeeMetric));
  const c = inSentence(label(report.primary.customerMetric));
  const bw = panel.betweenWithin;
  const lag = panel.lagged;
  const gaps = panel.quartileGaps;
  const cost = gaps.status === 'ok' ? gaps.leaverCost : null;
  return {
    span:
      panel.cycles.length === 0
        ? null
        : `${panel.cycles[0].label} to ${panel.cycles[panel.cycles.length - 1].label} (${panel.cycles.length} ${panel.cycles.length === 1 ? 'cycle' : 'cycles'})`,
    leftOut: panel.leftOut.map((x) => `${x.label}: ${x.reason}.`),
    reading: bw.status === 'ok' ? bw.sentence : null,
    lag: lag.status === 'ok' ? lagSentence(lag, e, c) : null,
    shortPanel:
      lag.status === 'ok' && lag.shortPanel
        ? `With ${lag.cycles} cycles, each path on its own is pulled towards negative values (a known bias of short panels), so read the difference, not either path alone.`
        : null,
    gaps:
      gaps.status === 'ok'
        ? `The ${formatCount(gaps.topUnits)} units with the highest ${e} (the top quarter) against the ${formatCount(gaps.bottomUnits)} with the lowest (the bottom quarter), each unit averaged over its cycles.`
        : null,
    cost:
      cost === null
        ? null
        : cost.status !== 'ok'
          ? { sentence: `No cost figure: ${cost.reason}.`, assumptions: [] }
          : {
              sentence:
                cost.extraLeaversPerYear > 0
                  ? `At ${formatCount(cost.costPerLeaver)} per leaver, the bottom quarter's extra turnover comes to about ${formatCount(cost.yearlyCost)} a year (${formatStatistic(cost.extraLeaversPerYear)} more leavers; ${interval(cost.yearlyCostCi, formatCount)}).`
                  : `The bottom quarter did not lose more people than the top quarter, so there is no turnover cost to put on the gap.`,
              assumptions: cost.assumptions,
            },
  };
}
