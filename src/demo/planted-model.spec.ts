import { pearson } from '../analytics/stats/correlation';
import {
  AnswerQuestion,
  churnProbability,
  customerAnswers,
  employeeAnswers,
  PLANTED,
  simulateUnitLatents,
  voluntaryExitProbability,
} from './planted-model';
import { SeededRandom } from './prng';

describe('planted model', () => {
  const random = new SeededRandom('planted-model-spec');
  const units = Array.from({ length: 20000 }, () =>
    simulateUnitLatents(random, 4, ['enablement', 'manager']),
  );
  const series = (pick: (u: (typeof units)[number]) => number) => units.map(pick);
  const { laggedEffect: beta, engagementPersistence: phi } = PLANTED;

  it('keeps every latent series standardized', () => {
    for (const values of [
      series((u) => u.engagement[3]),
      series((u) => u.satisfaction[3]),
      series((u) => u.dimensions.enablement[2]),
    ]) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(0.03);
      expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    }
  });

  it('plants corr(engagement now, satisfaction next quarter) = β and a weaker reverse path β·φ²', () => {
    const lagged = pearson(
      series((u) => u.engagement[1]),
      series((u) => u.satisfaction[2]),
    )!;
    const reverse = pearson(
      series((u) => u.satisfaction[1]),
      series((u) => u.engagement[2]),
    )!;
    const synchronous = pearson(
      series((u) => u.engagement[2]),
      series((u) => u.satisfaction[2]),
    )!;
    expect(Math.abs(lagged - beta)).toBeLessThan(0.02);
    expect(Math.abs(reverse - beta * phi * phi)).toBeLessThan(0.02);
    expect(Math.abs(synchronous - beta * phi)).toBeLessThan(0.02);
    expect(
      Math.abs(
        pearson(
          series((u) => u.engagement[1]),
          series((u) => u.engagement[2]),
        )! - phi,
      ),
    ).toBeLessThan(0.02);
  });

  it('makes voluntary exits likelier where engagement is low, keeping the mean hazard', () => {
    expect(voluntaryExitProbability(-1)).toBeGreaterThan(voluntaryExitProbability(0));
    expect(voluntaryExitProbability(0)).toBeGreaterThan(voluntaryExitProbability(1));
    const draws = series((u) => voluntaryExitProbability(u.engagement[0]));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeCloseTo(PLANTED.voluntaryExitPerQuarter, 2);
    expect(churnProbability(-1)).toBeGreaterThan(churnProbability(1));
  });

  it('answers every question on its own scale', () => {
    const employee: AnswerQuestion[] = [
      { key: 'enps', kind: 'nps', dimension: 'loyalty' },
      { key: 'eng_a', kind: 'likert5', dimension: 'engagement' },
      { key: 'ena_a', kind: 'likert5', dimension: 'enablement' },
      { key: 'shift', kind: 'single_choice', dimension: null, options: ['Early', 'Late'] },
      { key: 'comment', kind: 'text', dimension: null },
    ];
    const customer: AnswerQuestion[] = [
      { key: 'nps', kind: 'nps', dimension: 'loyalty' },
      { key: 'csat', kind: 'rating5', dimension: 'satisfaction' },
      { key: 'trust', kind: 'likert5', dimension: 'trust' },
    ];
    for (let i = 0; i < 500; i++) {
      const e = employeeAnswers(random, employee, {
        engagement: random.normal() * 2,
        dimensions: { enablement: random.normal() },
      });
      expect(e.enps).toEqual(expect.any(Number));
      expect(e.enps as number).toBeGreaterThanOrEqual(0);
      expect(e.enps as number).toBeLessThanOrEqual(10);
      expect([1, 2, 3, 4, 5]).toContain(e.eng_a);
      expect([1, 2, 3, 4, 5]).toContain(e.ena_a);
      expect(['Early', 'Late']).toContain(e.shift);
      if ('comment' in e) expect(typeof e.comment).toBe('string');
      const c = customerAnswers(random, customer, random.normal() * 2);
      expect(Number.isInteger(c.nps)).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(c.csat);
      expect([1, 2, 3, 4, 5]).toContain(c.trust);
    }
  });

  it('gives a more engaged unit better answers on average', () => {
    const items: AnswerQuestion[] = [{ key: 'eng', kind: 'likert5', dimension: 'engagement' }];
    const mean = (level: number) => {
      let sum = 0;
      for (let i = 0; i < 4000; i++)
        sum += employeeAnswers(random, items, { engagement: level, dimensions: {} }).eng as number;
      return sum / 4000;
    };
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.15);
    expect(mean(0)).toBeGreaterThan(mean(-1) + 0.15);
  });
});
