import { dayNumber, overlapDays, periodDays, type DayRange, type Period } from './calendar';

/**
 * Employee turnover and customer churn (docs/methods.md, "Turnover, voluntary turnover and
 * headcount" and "Customer churn"). Rates are proportions
 * (0.12 = 12 %), not percents: annualized turnover can exceed 1.
 *
 * Turnover, precisely:
 * - the period [start, end] is inclusive, so it has D = end − start + 1 days;
 * - an employee is on the headcount on every day from hireDate through exitDate, both
 *   inclusive (exitDate is the last day employed; no exitDate = still employed; no hireDate =
 *   employed since before our records);
 * - headcountDays = Σ over employees of their days on the headcount inside the period, so the
 *   average daily headcount is headcountDays / D;
 * - a separation is an exit whose exitDate falls inside the period; voluntary separations
 *   are the subset with exitType 'voluntary';
 * - annualized rate = separations ÷ average daily headcount × 365 / D
 *   (which simplifies to 365 · separations / headcountDays).
 */

export type ExitType = 'voluntary' | 'involuntary';

export interface EmployeeTenure {
  hireDate: string | null;
  exitDate: string | null;
  exitType: ExitType | null;
}

export interface TurnoverAggregate {
  separations: number;
  voluntarySeparations?: number;
  /** employee-days on the headcount inside the period */
  headcountDays: number;
  /** days in the period, inclusive */
  days: number;
}

export interface Turnover {
  days: number;
  headcountDays: number;
  averageHeadcount: number;
  separations: number;
  voluntarySeparations: number;
  /** annualized; null when nobody was on the headcount */
  rate: number | null;
  voluntaryRate: number | null;
}

export function turnoverFromAggregate(aggregate: TurnoverAggregate): Turnover {
  const { separations, headcountDays, days } = aggregate;
  const voluntarySeparations = aggregate.voluntarySeparations ?? 0;
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`days must be a positive integer, got ${days}`);
  if (!(headcountDays >= 0))
    throw new RangeError(`headcountDays must be ≥ 0, got ${headcountDays}`);
  if (!Number.isInteger(separations) || separations < 0)
    throw new RangeError(`bad separations ${separations}`);
  if (
    !Number.isInteger(voluntarySeparations) ||
    voluntarySeparations < 0 ||
    voluntarySeparations > separations
  ) {
    throw new RangeError(
      `voluntary separations must be in 0..separations, got ${voluntarySeparations}`,
    );
  }
  const averageHeadcount = headcountDays / days;
  const annualize = (count: number): number | null =>
    headcountDays > 0 ? (count / averageHeadcount) * (365 / days) : null;
  return {
    days,
    headcountDays,
    averageHeadcount,
    separations,
    voluntarySeparations,
    rate: annualize(separations),
    voluntaryRate: annualize(voluntarySeparations),
  };
}

/** Turnover of one unit's employees over an inclusive period; see the definition above. */
export function turnover(employees: readonly EmployeeTenure[], period: Period): Turnover {
  const range = periodDays(period);
  let headcountDays = 0;
  let separations = 0;
  let voluntarySeparations = 0;
  for (const employee of employees) {
    const employed: DayRange = {
      first: employee.hireDate === null ? -Infinity : dayNumber(employee.hireDate),
      last: employee.exitDate === null ? Infinity : dayNumber(employee.exitDate),
    };
    if (employed.last < employed.first) {
      throw new RangeError(`exit ${employee.exitDate} precedes hire ${employee.hireDate}`);
    }
    headcountDays += overlapDays(employed, range);
    if (employee.exitDate !== null && employed.last >= range.first && employed.last <= range.last) {
      separations += 1;
      if (employee.exitType === 'voluntary') voluntarySeparations += 1;
    }
  }
  return turnoverFromAggregate({
    separations,
    voluntarySeparations,
    headcountDays,
    days: range.last - range.first + 1,
  });
}

/**
 * Customer churn = accounts lost in the period ÷ accounts active at its start.
 * An account is active at the start when it became a customer on or before `start` and was
 * not lost before `start`; it is lost in the period when its lostOn date falls in
 * [start, end]. Only accounts active at the start count as lost: an account won and lost
 * inside the period is in neither the numerator nor the denominator, which keeps churn a
 * proportion (0..1) of the book the unit started with.
 */
export interface CustomerAccountSpan {
  activeFrom: string | null;
  lostOn: string | null;
}

export interface Churn {
  activeAtStart: number;
  lost: number;
  /** null when no account was active at the start */
  rate: number | null;
}

export function churnFromCounts({
  lost,
  activeAtStart,
}: {
  lost: number;
  activeAtStart: number;
}): Churn {
  if (!Number.isInteger(activeAtStart) || activeAtStart < 0)
    throw new RangeError(`bad activeAtStart ${activeAtStart}`);
  if (!Number.isInteger(lost) || lost < 0 || lost > activeAtStart) {
    throw new RangeError(`lost must be in 0..activeAtStart (${activeAtStart}), got ${lost}`);
  }
  return { activeAtStart, lost, rate: activeAtStart === 0 ? null : lost / activeAtStart };
}

export function customerChurn(accounts: readonly CustomerAccountSpan[], period: Period): Churn {
  const range = periodDays(period);
  let activeAtStart = 0;
  let lost = 0;
  for (const account of accounts) {
    const from = account.activeFrom === null ? -Infinity : dayNumber(account.activeFrom);
    const lostOn = account.lostOn === null ? Infinity : dayNumber(account.lostOn);
    if (lostOn < from)
      throw new RangeError(
        `account lost (${account.lostOn}) before it was won (${account.activeFrom})`,
      );
    if (from > range.first || lostOn < range.first) continue;
    activeAtStart += 1;
    if (lostOn <= range.last) lost += 1;
  }
  return churnFromCounts({ lost, activeAtStart });
}
