import reference from '../../../test/fixtures/analytics/agreement-standard.json';
import { defined } from '../../../test/fixtures/analytics/helpers';
import { iccStandard, rwgJScale } from './agreement-standard';

/** Reference values from multilevel::rwg.j, ICC1 and ICC2 (test/fixtures/analytics/generate_mixed_models.R). */
function byUnit(c: (typeof reference.cases)[number]) {
  const units = new Map<string, number[][]>();
  c.unit.forEach((u, i) => units.set(u, [...(units.get(u) ?? []), c.responses[i]]));
  return units;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe(rwgJScale.name, () => {
  it.each(reference.cases)('matches multilevel::rwg.j for $name', (c) => {
    const units = byUnit(c);
    c.expected.units.forEach((unit, i) => {
      const result = rwgJScale(defined(units.get(unit)), c.options);
      expect(result.respondents).toBe(c.expected.groupSize[i]);
      const expected = c.expected.rwgJ[i];
      if (expected === null) expect(result.rwgJ).toBeNull();
      else expect(Math.abs(defined(result.rwgJ) - expected)).toBeLessThanOrEqual(1e-9);
    });
  });

  it('truncates to 0 when answers disagree more than random responding', () => {
    const result = rwgJScale(
      [
        [1, 5],
        [5, 1],
        [1, 5],
        [5, 1],
      ],
      5,
    );
    expect(result).toMatchObject({ rwgJ: 0, truncated: true, items: 2 });
  });

  it('leaves out respondents who skipped an item of the scale', () => {
    const result = rwgJScale(
      [
        [3, 3],
        [4, null],
        [3, 4],
      ],
      5,
    );
    expect(result.respondents).toBe(2);
    expect(result.meanItemVariance).toBeCloseTo(0.25, 12);
  });
});

describe(iccStandard.name, () => {
  it.each(reference.cases)('matches multilevel::ICC1 and ICC2 for $name', (c) => {
    const groups = [...byUnit(c).values()].map((rows) => rows.map(mean));
    const result = defined(iccStandard(groups));
    expect(Math.abs(result.icc1 - c.expected.icc1)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(result.icc2 - c.expected.icc2)).toBeLessThanOrEqual(1e-9);
    expect(result.meanGroupSize).toBeCloseTo(c.unit.length / c.expected.units.length, 12);
  });

  it('gives the ANOVA-k0 variant only as a second figure, equal for equal unit sizes', () => {
    const equal = defined(
      iccStandard([
        [1, 2, 3],
        [3, 4, 5],
        [2, 2, 4],
      ]),
    );
    expect(equal.icc1EffectiveSize).toBeCloseTo(equal.icc1, 12);
    const unequal = defined(iccStandard([[1, 2], [3, 4, 5, 4, 5], [2]]));
    expect(unequal.icc1EffectiveSize).not.toBeCloseTo(unequal.icc1, 6);
  });
});
