import { closesOn } from '../analytics/results-availability';
import { queryString } from './linkage-page';
import { responseRatesTable } from './linkage-tables';
import { formatDate, pickerLabel } from './report-format';
import { toHtmlTable } from './report-table';
import type { ParticipationReport, UnitParticipation } from './report.types';

/**
 * The HTML model of a report of a cycle that is still open: when results appear, and
 * participation (invitations sent, answered, response rates) so far. `basePath`: the page's
 * own path, for the CSV and JSON links.
 */
export function buildParticipationPage(report: ParticipationReport, basePath: string) {
  const rates = report.responseRates;
  const table = responseRatesTable(rates, report.group.name);
  const query = basePath.startsWith('/reports/units/')
    ? queryString({ cycle: report.cycle.id })
    : '';
  return {
    title: `${report.cycle.label}: results when the cycle closes`,
    participation: {
      cycle: report.cycle,
      group: report.group,
      period: `${formatDate(report.cycle.periodStart)} to ${formatDate(report.cycle.periodEnd)}`,
      closesOn: closesOn(report.cycle.closesAt),
      message: report.message,
      employee: rates.employee,
      customer: rates.customer,
      rates: {
        chart: null,
        table: toHtmlTable(table),
        csv: `${basePath}/${table.id}.csv${query}`,
        empty: rates.hasInvitations ? null : 'No invitations have gone out for this cycle yet.',
      },
      jsonUrl: `${basePath.replace(/^\/reports/, '/api/v1/reports')}${query}`,
    },
  };
}

/** A unit dashboard of an open cycle: the participation page with the unit and cycle picker. */
export function buildUnitParticipationPage(report: UnitParticipation) {
  const page = buildParticipationPage(report, `/reports/units/${report.unit.id}`);
  return {
    ...page,
    title: report.unit.name,
    unit: report.unit,
    parentUrl: report.unit.parentVisible ? `/reports/units/${report.unit.parentId}` : null,
    cycle: report.cycle,
    period: page.participation.period,
    cycles: [...report.cycles].reverse().map((c) => ({
      value: c.id,
      label: c.status === 'closed' ? pickerLabel(c) : `${c.label} (open: participation only)`,
      selected: c.id === report.cycle.id,
    })),
  };
}
