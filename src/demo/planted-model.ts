import type { QuestionKind } from '../surveys/entities/question.entity';
import { SeededRandom } from './prng';

/**
 * The planted model behind the demo company's answers. Everything is on standardized latent
 * scales (mean 0, variance 1 across units), per branch u and quarter t:
 *
 *   engagement      η[u,t] = φ·η[u,t−1] + √(1−φ²)·e          (AR(1) drift, stationary)
 *   customer        κ[u,t] = β·η[u,t−1] + √(1−β²)·ν[u,t]      (satisfaction follows LAST quarter's engagement)
 *   customer rest   ν[u,t] = φν·ν[u,t−1] + √(1−φν²)·f         (sticky relationships, independent of η)
 *   exits           P(voluntary exit in quarter t) = h·exp(−γ·η[u,t] − γ²/2)
 *
 * so on the latent scale, exactly:
 *   corr(η[t], κ[t+1]) = β                 (the planted lagged effect, "people first")
 *   corr(κ[t], η[t+1]) = β·φ²              (the reverse path: weaker, no feedback from customers)
 *   corr(η[t], κ[t])   = β·φ               (synchronous)
 * and voluntary turnover falls as engagement rises (γ > 0), with the mean hazard h kept at
 * every γ by the −γ²/2 term.
 *
 * What a survey observes is noisier: each respondent's answers mix the unit's latent level
 * (a share `between` of the person-level variance) with personal and item noise, then round to
 * 1–5 or 0–10, and a unit metric averages only its ~10–20 respondents. Unit-level correlations of
 * the OBSERVED metrics are therefore attenuated below β; planted-truth.ts computes the value the
 * model implies for them, which is what a linkage analysis of the demo should recover.
 */
export const PLANTED = {
  /** φ: quarter-to-quarter persistence of a branch's engagement. */
  engagementPersistence: 0.5,
  /** β: corr(latent engagement in quarter t, latent customer satisfaction in quarter t+1). */
  laggedEffect: 0.6,
  /** φν: persistence of the part of customer satisfaction engagement does not explain. */
  customerPersistence: 0.5,
  /** γ: voluntary exit hazard multiplier per SD of engagement, exp(−γ·η). */
  exitSensitivity: 0.7,
  /** h: mean quarterly voluntary exit probability (≈ 17 % a year). */
  voluntaryExitPerQuarter: 0.045,
  /** Quarterly involuntary exit probability, unrelated to engagement. */
  involuntaryExitPerQuarter: 0.01,
  /** Mean quarterly account churn; lower where customers are more satisfied. */
  churnPerQuarter: 0.03,
  churnSensitivity: 0.5,
  /** Share of a respondent's latent level that is the unit's (the rest is personal). */
  employeeBetween: 0.25,
  customerBetween: 0.3,
  /** How much each employee dimension's unit level shares with engagement. */
  dimensionLinks: { enablement: 0.6, manager: 0.5, wellbeing: 0.4 } as Record<string, number>,
  /** Loading of an item on its respondent's dimension level (the rest is item noise). */
  itemLoading: 0.8,
  employeeResponseRate: 0.72,
  customerResponseRate: 0.5,
} as const;

export interface AnswerQuestion {
  key: string;
  kind: QuestionKind;
  dimension: string | null;
  options?: string[];
}

/** Latent series of one branch, one value per simulated quarter. */
export interface UnitLatents {
  engagement: number[];
  satisfaction: number[];
  /** employee dimension (other than engagement) → series */
  dimensions: Record<string, number[]>;
}

/** Simulates `quarters` quarters of a branch's latent levels (with one warm-up quarter for the lag). */
export function simulateUnitLatents(
  random: SeededRandom,
  quarters: number,
  dimensions: readonly string[],
): UnitLatents {
  const { engagementPersistence: phi, laggedEffect: beta, customerPersistence: phiNu } = PLANTED;
  const ar = (previous: number, persistence: number) =>
    persistence * previous + Math.sqrt(1 - persistence * persistence) * random.normal();
  let eta = random.normal(); // quarter −1, so quarter 0's satisfaction has a lagged engagement
  let nu = random.normal();
  const engagement: number[] = [];
  const satisfaction: number[] = [];
  for (let t = 0; t < quarters; t++) {
    nu = t === 0 ? nu : ar(nu, phiNu);
    satisfaction.push(beta * eta + Math.sqrt(1 - beta * beta) * nu);
    eta = ar(eta, phi);
    engagement.push(eta);
  }
  const others: Record<string, number[]> = {};
  for (const dimension of dimensions) {
    const link = PLANTED.dimensionLinks[dimension] ?? 0.3;
    let own = random.normal();
    others[dimension] = engagement.map((e, t) => {
      own = t === 0 ? own : ar(own, phi);
      return link * e + Math.sqrt(1 - link * link) * own;
    });
  }
  return { engagement, satisfaction, dimensions: others };
}

/** Quarterly voluntary exit probability of one employee in a branch at latent engagement η. */
export function voluntaryExitProbability(eta: number): number {
  const { exitSensitivity: g, voluntaryExitPerQuarter: h } = PLANTED;
  return Math.min(0.6, h * Math.exp(-g * eta - (g * g) / 2));
}

export function churnProbability(kappa: number): number {
  const { churnSensitivity: g, churnPerQuarter: h } = PLANTED;
  return Math.min(0.5, h * Math.exp(-g * kappa - (g * g) / 2));
}

/** Cut points of a latent item score into 1–5; about two thirds answer 4 or 5 at offset 0.35. */
const LIKERT_CUTS = [-1.6, -0.85, -0.1, 1.0];
const toFive = (y: number) => 1 + LIKERT_CUTS.filter((cut) => y > cut).length;
const toEleven = (centre: number, y: number) =>
  Math.max(0, Math.min(10, Math.round(centre + 2.1 * y)));

/** Where each employee dimension sits on average (some things score better than others). */
const EMPLOYEE_OFFSETS: Record<string, number> = {
  engagement: 0.35,
  enablement: 0.1,
  manager: 0.5,
  wellbeing: 0,
};
const CUSTOMER_OFFSETS: Record<string, number> = {
  satisfaction: 0.45,
  trust: 0.55,
  respect: 0.4,
  responsiveness: 0.05,
  effort: 0.2,
};

const EMPLOYEE_COMMENTS = {
  low: [
    'We are always short-staffed on Saturdays.',
    'Too many changes to the systems without any training.',
    'I would like more say in how the branch is run.',
    'Workload has become hard to sustain.',
    'Decisions are made far away from the customers.',
  ],
  high: [
    'The team really helps each other out.',
    'More time for training would make a good place even better.',
    'Keep the Friday team huddles, they work.',
    'Our manager listens; more tools for the counter would help.',
    'I like that we can fix things for customers on the spot.',
  ],
};
const CUSTOMER_COMMENTS = {
  low: [
    'It took three calls to get an answer.',
    'Our adviser changed twice this year and we had to start over.',
    'Please call back when you say you will.',
    'Fees were changed without telling us.',
  ],
  high: [
    'Always friendly and quick to help.',
    'They know our business and think ahead.',
    'Our adviser is excellent, please keep her.',
    'Straightforward and honest, thank you.',
  ],
};

/** A small fixed wobble per item, so items of one dimension do not all score alike. */
function itemOffset(key: string): number {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) % 997;
  return ((h % 7) - 3) * 0.05;
}

const share = (between: number) => [Math.sqrt(between), Math.sqrt(1 - between)] as const;

/**
 * One employee's answers, given the branch's latent levels this quarter. `levels.engagement` and
 * `levels.dimensions[d]` are the unit's η-scale values; the respondent adds their own level.
 */
export function employeeAnswers(
  random: SeededRandom,
  questions: readonly AnswerQuestion[],
  levels: { engagement: number; dimensions: Record<string, number> },
): Record<string, number | string> {
  const [unitPart, personPart] = share(PLANTED.employeeBetween);
  const loading = PLANTED.itemLoading;
  const noise = Math.sqrt(1 - loading * loading);
  const person = random.normal();
  const respondent = new Map<string, number>();
  const levelOf = (dimension: string) => {
    let w = respondent.get(dimension);
    if (w === undefined) {
      const unit =
        dimension === 'engagement' ? levels.engagement : (levels.dimensions[dimension] ?? 0);
      const own = 0.6 * person + 0.8 * random.normal();
      w = unitPart * unit + personPart * (dimension === 'engagement' ? person : own);
      respondent.set(dimension, w);
    }
    return w;
  };
  const answers: Record<string, number | string> = {};
  for (const q of questions) {
    switch (q.kind) {
      case 'likert5':
      case 'rating5': {
        const dimension = q.dimension ?? 'engagement';
        const y = loading * levelOf(dimension) + noise * random.normal();
        answers[q.key] = toFive(y + (EMPLOYEE_OFFSETS[dimension] ?? 0.2) + itemOffset(q.key));
        break;
      }
      case 'nps':
        answers[q.key] = toEleven(7.0, loading * levelOf('engagement') + noise * random.normal());
        break;
      case 'single_choice':
        if (q.options && q.options.length > 0) answers[q.key] = random.pick(q.options);
        break;
      case 'text':
        if (random.chance(0.2))
          answers[q.key] = random.pick(
            levelOf('engagement') < 0 ? EMPLOYEE_COMMENTS.low : EMPLOYEE_COMMENTS.high,
          );
        break;
    }
  }
  return answers;
}

/** One customer contact's answers, given the serving branch's latent satisfaction κ. */
export function customerAnswers(
  random: SeededRandom,
  questions: readonly AnswerQuestion[],
  satisfaction: number,
): Record<string, number | string> {
  const [unitPart, personPart] = share(PLANTED.customerBetween);
  const loading = PLANTED.itemLoading;
  const noise = Math.sqrt(1 - loading * loading);
  const w = unitPart * satisfaction + personPart * random.normal();
  const answers: Record<string, number | string> = {};
  for (const q of questions) {
    switch (q.kind) {
      case 'likert5':
      case 'rating5': {
        const y = loading * w + noise * random.normal();
        const offset = CUSTOMER_OFFSETS[q.dimension ?? 'satisfaction'] ?? 0.3;
        answers[q.key] = toFive(y + offset + itemOffset(q.key));
        break;
      }
      case 'nps':
        answers[q.key] = toEleven(8.1, loading * w + noise * random.normal());
        break;
      case 'single_choice':
        if (q.options && q.options.length > 0) answers[q.key] = random.pick(q.options);
        break;
      case 'text':
        if (random.chance(0.15))
          answers[q.key] = random.pick(w < 0 ? CUSTOMER_COMMENTS.low : CUSTOMER_COMMENTS.high);
        break;
    }
  }
  return answers;
}
