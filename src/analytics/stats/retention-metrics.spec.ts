import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/metrics.json';
import {
  churnFromCounts,
  customerChurn,
  turnover,
  turnoverFromAggregate,
  type EmployeeTenure,
} from './retention-metrics';

const allYear2023 = { start: '2023-01-01', end: '2023-12-31' };

describe(turnover.name, () => {
  it('matches a day-by-day calendar walk (Python reference)', () => {
    const result = turnover(
      reference.turnover.employees as EmployeeTenure[],
      reference.turnover.period,
    );
    const expected = reference.turnover.expected;
    expect(result.days).toBe(expected.days);
    expect(result.headcountDays).toBe(expected.headcountDays);
    expect(result.separations).toBe(expected.separations);
    expect(result.voluntarySeparations).toBe(expected.voluntarySeparations);
    expect(result.rate).toBeCloseTo(expected.rate, 9);
    expect(result.voluntaryRate).toBeCloseTo(expected.voluntaryRate, 9);
  });

  it('gives 1 exit among a steady 10 over a full year as 10 %', () => {
    const staff: EmployeeTenure[] = Array.from({ length: 10 }, (_, i) => ({
      hireDate: '2020-01-01',
      exitDate: i === 0 ? '2023-12-31' : null,
      exitType: i === 0 ? 'voluntary' : null,
    }));
    const result = turnover(staff, allYear2023);
    expect(result.days).toBe(365);
    expect(result.averageHeadcount).toBe(10);
    expect(result.rate).toBeCloseTo(0.1, 12);
    expect(result.voluntaryRate).toBeCloseTo(0.1, 12);
  });

  it('annualizes a quarter by 365 / days', () => {
    const staff: EmployeeTenure[] = Array.from({ length: 20 }, (_, i) => ({
      hireDate: '2010-06-30',
      exitDate: i < 2 ? '2024-03-31' : null,
      exitType: i < 2 ? 'involuntary' : null,
    }));
    const result = turnover(staff, { start: '2024-01-01', end: '2024-03-31' });
    expect(result.days).toBe(91); // 2024 is a leap year
    expect(result.rate).toBeCloseTo((2 / 20) * (365 / 91), 12);
    expect(result.voluntaryRate).toBe(0);
  });

  it('is undefined when nobody was employed during the period', () => {
    const gone: EmployeeTenure[] = [
      { hireDate: '2020-01-01', exitDate: '2022-05-01', exitType: 'voluntary' },
    ];
    expect(turnover(gone, allYear2023).rate).toBeNull();
    expect(turnover([], allYear2023).rate).toBeNull();
  });

  it('rejects malformed dates and exits before hire', () => {
    expect(() => turnover([], { start: '2023-02-30', end: '2023-03-01' })).toThrow(RangeError);
    expect(() => turnover([], { start: '2023-03-01', end: '2023-02-01' })).toThrow(RangeError);
    expect(() =>
      turnover([{ hireDate: '2023-05-01', exitDate: '2023-04-01', exitType: null }], allYear2023),
    ).toThrow(RangeError);
  });

  it('agrees with its aggregate form', () => {
    const day = fc
      .integer({ min: 0, max: 1500 })
      .map((d) => new Date(Date.UTC(2021, 0, 1 + d)).toISOString().slice(0, 10));
    const employee = fc
      .tuple(
        day,
        fc.option(day),
        fc.constantFrom<'voluntary' | 'involuntary'>('voluntary', 'involuntary'),
      )
      .map(([a, b, exitType]): EmployeeTenure => {
        const [hire, exit] = b === null ? [a, null] : [a < b ? a : b, a < b ? b : a];
        return { hireDate: hire, exitDate: exit, exitType: exit === null ? null : exitType };
      });
    fc.assert(
      fc.property(fc.array(employee, { maxLength: 30 }), (staff) => {
        const result = turnover(staff, { start: '2022-01-01', end: '2022-06-30' });
        const again = turnoverFromAggregate(result);
        expect(again.rate).toBe(result.rate);
        expect(result.voluntarySeparations).toBeLessThanOrEqual(result.separations);
        if (result.rate !== null)
          expect(result.rate).toBeCloseTo((365 * result.separations) / result.headcountDays, 12);
      }),
    );
  });
});

describe(customerChurn.name, () => {
  const q1 = { start: '2024-01-01', end: '2024-03-31' };

  it('divides accounts lost in the period by accounts active at its start', () => {
    const accounts = [
      { activeFrom: '2020-01-01', lostOn: null },
      { activeFrom: '2020-01-01', lostOn: '2024-02-10' }, // lost in period
      { activeFrom: null, lostOn: '2024-01-01' }, // lost on the first day: active at start, lost in period
      { activeFrom: '2023-06-01', lostOn: '2023-12-31' }, // lost before the period: not active at start
      { activeFrom: '2024-01-02', lostOn: '2024-03-01' }, // won and lost inside the period: ignored
      { activeFrom: '2024-01-01', lostOn: null },
      { activeFrom: '2021-01-01', lostOn: '2024-04-01' }, // lost after the period
    ];
    expect(customerChurn(accounts, q1)).toEqual({ activeAtStart: 5, lost: 2, rate: 0.4 });
  });

  it('is undefined with no accounts at the start and bounded by 0..1 otherwise', () => {
    expect(customerChurn([], q1).rate).toBeNull();
    expect(churnFromCounts({ lost: 3, activeAtStart: 12 }).rate).toBe(0.25);
    expect(() => churnFromCounts({ lost: 13, activeAtStart: 12 })).toThrow(RangeError);
  });
});
