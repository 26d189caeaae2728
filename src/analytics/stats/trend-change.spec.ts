import { respondentVariance, testChange } from './trend-change';

describe('testChange', () => {
  it('tests a share with its exact binomial variance (R: prop.test without correction)', () => {
    // 60% of 200 against 70% of 200: z = 10 / √(2400/200 + 2100/200) = 2.108185
    const t = testChange('share', { value: 60, n: 200 }, { value: 70, n: 200 })!;
    expect(t.delta).toBe(10);
    expect(t.z).toBeCloseTo(2.108185, 6);
    expect(t.p).toBeCloseTo(0.03501498, 6);
    expect(t.significant).toBe(true);
  });

  it('bounds an NPS variance by 1 − d², so a mark holds however answers split', () => {
    expect(respondentVariance('net', 20)).toBeCloseTo((1 - 0.04) * 10_000, 9);
    // +10 points of NPS on 150 customers each: not enough under the bound
    expect(testChange('net', { value: 20, n: 150 }, { value: 30, n: 150 })!.significant).toBe(
      false,
    );
    // the same change on 1,000 customers each is
    expect(testChange('net', { value: 20, n: 1000 }, { value: 30, n: 1000 })!.significant).toBe(
      true,
    );
  });

  it('bounds an index variance by m(100 − m) (Bhatia–Davis)', () => {
    expect(respondentVariance('index', 70)).toBe(2100);
    // 70 → 74 with 300 and 320 respondents: z = 4 / √(2100/300 + 1924/320) = 1.1098
    const t = testChange('index', { value: 70, n: 300 }, { value: 74, n: 320 })!;
    expect(t.z).toBeCloseTo(4 / Math.sqrt(2100 / 300 + 1924 / 320), 12);
    expect(t.significant).toBe(false);
    expect(testChange('index', { value: 70, n: 3000 }, { value: 74, n: 3200 })!.significant).toBe(
      true,
    );
  });

  it('marks a fall as well as a rise, and nothing without respondents', () => {
    const fall = testChange('share', { value: 80, n: 400 }, { value: 70, n: 400 })!;
    expect(fall.delta).toBe(-10);
    expect(fall.z).toBeLessThan(0);
    expect(fall.significant).toBe(true);
    expect(testChange('share', { value: 80, n: 1 }, { value: 70, n: 400 })).toBeNull();
    expect(testChange('share', { value: 100, n: 40 }, { value: 100, n: 40 })).toBeNull();
  });
});
