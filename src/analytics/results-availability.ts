import type { CycleSummary } from '../cycles/cycles.service';
import { AnalyticsError, AnalyticsErrorCode } from './analytics.errors';

/**
 * Privacy rule 3, in one place: no answer-derived figure of a cycle (employee or customer
 * means, indices, scores, distributions, comments, linkage statistics, trends, heatmaps) exists
 * anywhere until the cycle is closed. Reading a live figure before and after one submission
 * would give that person's answers away, whatever the anonymity threshold. Participation
 * (invitations sent, invitations used, response rates) is counted from invitations and stays
 * live; it is not governed here.
 *
 * Every read of answers or of stats built from them asks this rule first, explicitly: it does
 * not rely on where the respond module keeps an open cycle's answers. docs/methods.md, "No
 * figures of an open cycle"; README, "Anonymity: what is promised, and its limits".
 */

export type CycleState = Pick<CycleSummary, 'id' | 'label' | 'status'> & {
  closesAt?: Date | string | null;
};

/** A cycle whose results are held back, as reports and the API name it. */
export interface WithheldCycle {
  id: string;
  label: string;
  status: string;
  closesAt: string | null;
  message: string;
}

/** Results of a cycle are available only once it is closed. */
export function resultsAvailable(cycle: Pick<CycleState, 'status'>): boolean {
  return cycle.status === 'closed';
}

/** Throws RESULTS_NOT_YET_AVAILABLE (409) unless the cycle's results are available. */
export function assertResultsAvailable(cycle: CycleState): void {
  if (resultsAvailable(cycle)) return;
  throw new AnalyticsError(
    AnalyticsErrorCode.RESULTS_NOT_YET_AVAILABLE,
    { cycle: cycle.label, status: cycle.status, closesAt: isoOrNull(cycle.closesAt) },
    resultsPendingMessage(cycle),
  );
}

/** "Results of 2025-Q3 appear when the cycle closes on 30 September 2025; …" */
export function resultsPendingMessage(cycle: CycleState): string {
  const closes = closesOn(cycle.closesAt);
  return `Results of ${cycle.label} appear when the cycle closes${closes ? ` on ${closes}` : ''}; until then only participation (invitations sent, responses counted, response rates) is shown.`;
}

export function withheldCycle(cycle: CycleState): WithheldCycle {
  return {
    id: cycle.id,
    label: cycle.label,
    status: cycle.status,
    closesAt: isoOrNull(cycle.closesAt),
    message: resultsPendingMessage(cycle),
  };
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The close date in words (UTC), or null when the cycle has no close time. */
export function closesOn(closesAt: Date | string | null | undefined): string | null {
  const iso = isoOrNull(closesAt);
  if (iso === null) return null;
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
