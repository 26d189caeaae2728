import { formatPercentValue, formatProportion, formatScore } from './report-format';

/**
 * What each metric key means to a reader: how its value prints and how the headline talks
 * about "more" of it. Keys come from the analytics layer (dimension indices, enps; nps, csat,
 * relationshipIndex, churnRate; turnoverRate).
 */

export type ValueKind = 'index' | 'nps' | 'percent' | 'proportion';

const PROPORTIONS = new Set(['churnRate', 'turnoverRate', 'voluntaryTurnoverRate']);
const NPS_LIKE = new Set(['nps', 'enps']);

export function valueKind(key: string): ValueKind {
  if (PROPORTIONS.has(key)) return 'proportion';
  if (NPS_LIKE.has(key)) return 'nps';
  if (key === 'csat') return 'percent';
  return 'index';
}

/** A metric's value as a reader sees it: 72, −15, 82%, 14.5%. */
export function formatMetric(key: string, value: number | null | undefined, digits = 0): string {
  switch (valueKind(key)) {
    case 'proportion':
      return formatProportion(value, 1);
    case 'percent':
      return formatPercentValue(value, digits);
    case 'nps':
    case 'index':
      return formatScore(value, digits);
  }
}

/** Metrics where a higher value is worse news. */
export function lowerIsBetter(key: string): boolean {
  return PROPORTIONS.has(key);
}

/** "Units with more engaged teams …" — the employee side, said the way people say it. */
const EMPLOYEE_MORE: Record<string, string> = {
  engagement: 'more engaged teams',
  enablement: 'better-enabled teams',
  manager: 'better-rated managers',
  wellbeing: 'higher team wellbeing',
  enps: 'a higher eNPS',
  turnoverRate: 'higher staff turnover',
  voluntaryTurnoverRate: 'more staff choosing to leave',
};

/** "… had happier customers" / "… had less happy customers". */
const CUSTOMER_MORE: Record<string, [higher: string, lower: string]> = {
  nps: ['more loyal customers (higher NPS)', 'less loyal customers (lower NPS)'],
  csat: ['happier customers (higher CSAT)', 'less satisfied customers (lower CSAT)'],
  relationshipIndex: ['stronger customer relationships', 'weaker customer relationships'],
  churnRate: ['lost more customers', 'lost fewer customers'],
};

export function employeePhrase(key: string, label: string): string {
  return EMPLOYEE_MORE[key] ?? `higher ${label}`;
}

/** What the customer side did, for a positive (`higher`) or negative correlation. */
export function customerPhrase(key: string, label: string, higher: boolean): string {
  const known = CUSTOMER_MORE[key];
  if (known) return `had ${higher ? known[0] : known[1]}`.replace('had lost', 'lost');
  return `had ${higher ? 'higher' : 'lower'} ${label}`;
}
