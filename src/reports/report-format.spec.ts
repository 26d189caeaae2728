import {
  formatCorrelation,
  formatCount,
  formatDate,
  formatInterval,
  formatP,
  formatProportion,
  formatR,
  formatScore,
  MISSING,
} from './report-format';

describe('report number formats', () => {
  it('prints correlations without the leading zero and with a true minus sign', () => {
    expect(formatR(0.4234)).toBe('.42');
    expect(formatR(-0.08)).toBe('−.08');
    expect(formatR(1)).toBe('1.00');
    expect(formatR(-0.001)).toBe('.00');
    expect(formatCorrelation(0.42, { lower: 0.18, upper: 0.61 })).toBe('r = .42 [.18, .61]');
    expect(formatInterval({ lower: -0.2, upper: 0.35 })).toBe('[−.20, .35]');
  });

  it('prints p and q values the APA way', () => {
    expect(formatP(0.0004)).toBe('< .001');
    expect(formatP(0.0031)).toBe('.003');
    expect(formatP(0.412)).toBe('.41');
    expect(formatP(1)).toBe('1.00');
  });

  it('never prints NaN or Infinity', () => {
    for (const bad of [NaN, Infinity, -Infinity, null, undefined]) {
      expect(formatR(bad)).toBe(MISSING);
      expect(formatP(bad)).toBe(MISSING);
      expect(formatScore(bad)).toBe(MISSING);
      expect(formatProportion(bad)).toBe(MISSING);
      expect(formatCount(bad)).toBe(MISSING);
    }
    expect(formatInterval({ lower: NaN, upper: 0.3 })).toBe(MISSING);
  });

  it('prints scores, rates, counts and dates for readers', () => {
    expect(formatScore(-15.4)).toBe('−15');
    expect(formatScore(-0.2)).toBe('0');
    expect(formatProportion(0.1534, 1)).toBe('15.3%');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatDate('2025-04-01')).toBe('1 Apr 2025');
  });
});
