import reference from '../../../test/fixtures/analytics/distributions.json';
import { fUpperTailP, normalQuantile, normalTwoSidedP, studentTTwoSidedP } from './distributions';

describe('distributions (jstat) against scipy', () => {
  describe(normalQuantile.name, () => {
    it.each(reference.normalQuantile)('matches scipy.stats.norm.ppf($p)', ({ p, expected }) => {
      expect(normalQuantile(p)).toBeCloseTo(expected, 9);
    });

    it('rejects probabilities outside (0, 1)', () => {
      expect(() => normalQuantile(0)).toThrow(RangeError);
      expect(() => normalQuantile(1)).toThrow(RangeError);
    });
  });

  describe(normalTwoSidedP.name, () => {
    it.each(reference.normalTwoSidedP)('matches 2·norm.sf(|$z|)', ({ z, expected }) => {
      expect(normalTwoSidedP(z)).toBeCloseTo(expected, 9);
    });
  });

  describe(studentTTwoSidedP.name, () => {
    it.each(reference.studentTTwoSidedP)('matches 2·t.sf(|$t|, $df)', ({ t, df, expected }) => {
      expect(studentTTwoSidedP(t, df)).toBeCloseTo(expected, 6);
    });
  });

  describe(fUpperTailP.name, () => {
    it.each(reference.fUpperTailP)('matches f.sf($f, $df1, $df2)', ({ f, df1, df2, expected }) => {
      expect(fUpperTailP(f, df1, df2)).toBeCloseTo(expected, 6);
    });

    it('gives 1 for a non-positive statistic', () => {
      expect(fUpperTailP(0, 3, 10)).toBe(1);
    });
  });
});
