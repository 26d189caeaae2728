import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/metrics.json';
import {
  csat,
  csatFromCounts,
  favorablePercent,
  favorablePercentFromCounts,
  likertIndex,
  likertIndexFromAggregate,
  nps,
  npsFromCounts,
} from './metrics';
import { defined } from '../../../test/fixtures/analytics/helpers';

const likertScores = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 200 });
const zeroToTen = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 200 });

describe(likertIndex.name, () => {
  it('matches the numpy reference', () => {
    expect(likertIndex(reference.likert.scores)).toBeCloseTo(reference.likert.index, 9);
  });

  it('maps all-1 answers to 0, all-3 to 50 and all-5 to 100', () => {
    expect(likertIndex([1, 1, 1])).toBe(0);
    expect(likertIndex([3, 3])).toBe(50);
    expect(likertIndex([5])).toBe(100);
  });

  it('is undefined without answers', () => {
    expect(likertIndex([])).toBeNull();
    expect(likertIndexFromAggregate({ n: 0, sum: 0 })).toBeNull();
  });

  it('rejects scores outside 1..5', () => {
    expect(() => likertIndex([0, 3])).toThrow(RangeError);
    expect(() => likertIndex([2.5])).toThrow(RangeError);
    expect(() => likertIndexFromAggregate({ n: 2, sum: 11 })).toThrow(RangeError);
  });

  it('equals the aggregate form and stays within 0..100', () => {
    fc.assert(
      fc.property(likertScores, (scores) => {
        const index = defined(likertIndex(scores));
        const fromAggregate = defined(
          likertIndexFromAggregate({ n: scores.length, sum: scores.reduce((a, b) => a + b, 0) }),
        );
        expect(index).toBeCloseTo(fromAggregate, 12);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe(favorablePercent.name, () => {
  it('matches the numpy reference', () => {
    expect(favorablePercent(reference.likert.scores)).toBeCloseTo(reference.likert.favorable, 9);
  });

  it('counts only 4 and 5 as favorable', () => {
    expect(favorablePercent([1, 2, 3, 4, 5])).toBeCloseTo(40, 12);
    expect(favorablePercentFromCounts({ n: 8, favorableCount: 6 })).toBe(75);
  });
});

describe(nps.name, () => {
  it('matches the numpy reference', () => {
    expect(nps(reference.nps.scores)).toBeCloseTo(reference.nps.expected, 9);
  });

  it('subtracts % detractors (0–6) from % promoters (9–10), passives count only in n', () => {
    expect(nps([10, 9, 8, 7, 6, 0])).toBeCloseTo(0, 12);
    expect(nps([10, 10, 9, 0])).toBeCloseTo(50, 12);
    expect(nps([7, 8])).toBe(0);
    expect(nps([0, 6])).toBe(-100);
    expect(npsFromCounts({ n: 200, promoters: 90, detractors: 30 })).toBeCloseTo(30, 12);
  });

  it('equals the count form and stays within -100..100', () => {
    fc.assert(
      fc.property(zeroToTen, (scores) => {
        const value = defined(nps(scores));
        const counted = npsFromCounts({
          n: scores.length,
          promoters: scores.filter((s) => s >= 9).length,
          detractors: scores.filter((s) => s <= 6).length,
        });
        expect(value).toBeCloseTo(defined(counted), 12);
        expect(Math.abs(value)).toBeLessThanOrEqual(100);
      }),
    );
  });

  it('rejects impossible counts', () => {
    expect(() => npsFromCounts({ n: 5, promoters: 4, detractors: 3 })).toThrow(RangeError);
    expect(() => nps([11])).toThrow(RangeError);
  });
});

describe(csat.name, () => {
  it('is the share of 4–5 on the satisfaction item', () => {
    expect(csat([5, 4, 4, 2, 1])).toBeCloseTo(60, 12);
    expect(csatFromCounts({ n: 40, satisfiedCount: 34 })).toBeCloseTo(85, 12);
    expect(csat([])).toBeNull();
  });
});
