import fc from 'fast-check';
import reference from '../../../test/fixtures/analytics/agreement.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import { icc, iccFromAggregates, rwgJ, rwgJFromAggregates, uniformNullVariance } from './agreement';

const toAggregate = (values: number[]) => ({
  n: values.length,
  sum: values.reduce((a, b) => a + b, 0),
  sumSq: values.reduce((a, b) => a + b * b, 0),
});

describe(uniformNullVariance.name, () => {
  it('is (A² − 1) / 12: 2 for five options, 4 for seven', () => {
    expect(uniformNullVariance(5)).toBe(2);
    expect(uniformNullVariance(7)).toBe(4);
    expect(() => uniformNullVariance(1)).toThrow(RangeError);
  });
});

describe(rwgJ.name, () => {
  it.each(reference.rwg)('matches numpy for $name', ({ responses, options, expected }) => {
    const result = defined(rwgJ(responses, options));
    expect(result.rwgJ).toBeCloseTo(expected.rwgJ, 9);
    expect(result.truncated).toBe(expected.truncated);
  });

  it.each(reference.rwg)(
    'gives the same value from per-item aggregates for $name',
    ({ responses, options, expected }) => {
      const items = responses[0].map((_, item) => toAggregate(responses.map((row) => row[item])));
      expect(defined(rwgJFromAggregates(items, options)).rwgJ).toBeCloseTo(expected.rwgJ, 9);
    },
  );

  it('stays within [0, 1] for any answers', () => {
    const answers = fc.array(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }),
      { minLength: 2, maxLength: 30 },
    );
    fc.assert(
      fc.property(answers, (rows) => {
        const value = defined(rwgJ(rows, 5)).rwgJ;
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('skips items with fewer than two answers and is undefined when none is left', () => {
    expect(
      defined(
        rwgJ(
          [
            [4, null],
            [4, 5],
          ],
          5,
        ),
      ).items,
    ).toBe(1);
    expect(rwgJ([[4, 3]], 5)).toBeNull();
  });
});

describe(iccFromAggregates.name, () => {
  it.each(reference.icc)('matches a numpy one-way ANOVA for $name', ({ groups, expected }) => {
    const result = defined(iccFromAggregates(groups.map(toAggregate)));
    expect(result.icc1).toBeCloseTo(expected.icc1, 9);
    expect(result.icc2).toBeCloseTo(expected.icc2, 9);
    expect(result.msBetween).toBeCloseTo(expected.msBetween, 9);
    expect(result.msWithin).toBeCloseTo(expected.msWithin, 9);
    expect(result.groupSizeK).toBeCloseTo(expected.groupSizeK, 9);
    const fTest = defined(result.fTest);
    expect(fTest.f).toBeCloseTo(expected.f, 9);
    expect([fTest.df1, fTest.df2]).toEqual([expected.df1, expected.df2]);
    expect(fTest.p).toBeCloseTo(expected.p, 6);
  });

  it('reproduces Shrout & Fleiss (1979): BMS 11.24, WMS 6.26, ICC(1,1) .17, ICC(1,k) .44', () => {
    const sf = reference.icc[0];
    const published = defined(sf.published);
    const result = defined(icc(sf.groups));
    expect(result.msBetween).toBeCloseTo(published.msBetween, 2);
    expect(result.msWithin).toBeCloseTo(published.msWithin, 2);
    expect(result.icc1).toBeCloseTo(published.icc1, 2);
    expect(result.icc2).toBeCloseTo(published.icc2, 2);
  });

  it('uses the common group size as k when units are equal-sized, and is unchanged by rescaling scores', () => {
    const groups = fc.array(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 4, maxLength: 4 }),
      { minLength: 2, maxLength: 12 },
    );
    fc.assert(
      fc.property(groups, fc.double({ min: 0.5, max: 20, noNaN: true }), (data, scale) => {
        const result = icc(data);
        fc.pre(result !== null && result.msWithin > 0);
        expect(result.groupSizeK).toBeCloseTo(4, 12);
        expect(result.icc1).toBeLessThanOrEqual(1);
        expect(result.icc2).toBeLessThanOrEqual(1);
        const rescaled = defined(icc(data.map((g) => g.map((v) => v * scale + 3))));
        expect(rescaled.icc1).toBeCloseTo(result.icc1, 8);
        expect(rescaled.icc2).toBeCloseTo(result.icc2, 8);
      }),
    );
  });

  it('is undefined with one unit, no within-unit degrees of freedom, or identical unit means', () => {
    expect(icc([[1, 2, 3]])).toBeNull();
    expect(icc([[1], [2], [3]])).toBeNull();
    expect(
      icc([
        [1, 3],
        [2, 2],
        [3, 1],
      ]),
    ).toBeNull();
  });

  it('reports ICC(1) = 1 and no F test when answers never vary within units', () => {
    const result = defined(
      icc([
        [2, 2],
        [4, 4],
        [5, 5],
      ]),
    );
    expect(result.icc1).toBe(1);
    expect(result.fTest).toBeNull();
  });
});
