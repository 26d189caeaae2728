import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { unitsNeededToDetect } from './power';
import {
  decideVerdict,
  decisionTableMarkdown,
  DECISION_TABLE,
  type VerdictEffect,
  type VerdictEvidence,
} from './verdict-table';

const effect = (estimate: number, lower: number, upper: number): VerdictEffect => ({
  estimate,
  lower,
  upper,
});
const correlation = (r: number, lower: number, upper: number, n: number, p = 0.01) => ({
  r,
  ci: { lower, upper },
  p,
  n,
});
const labels = { x: 'engagement', y: 'NPS' };
const within = (
  forward: VerdictEffect,
  reverse: VerdictEffect,
  difference: VerdictEffect,
): VerdictEvidence['lagged'] => ({
  design: 'within-unit',
  forward,
  reverse,
  difference,
  period: 'one quarter',
});
/** r = .45 [.37, .52] over 400 units: a moderate link the interval supports. */
const moderate = correlation(0.45, 0.37, 0.52, 400);
const engagementFirst = within(
  effect(0.3, 0.2, 0.4),
  effect(0.02, -0.08, 0.12),
  effect(0.28, 0.14, 0.42),
);
const CAUSATION =
  'Correlation is not causation: units may differ in other ways (market, size, manager) that drive both.';
const ONE_CYCLE =
  'With one cycle there is no before and after; the order of engagement and NPS needs consecutive cycles.';
const NOT_TESTED =
  'The order of engagement and NPS could not be tested: consecutive cycles do not share enough units.';
const NO_DIRECTION =
  'The 95% interval includes zero, so even the direction of the link is not established.';

interface Scenario {
  name: string;
  evidence: VerdictEvidence;
  headline: string;
  badges: string[];
  caveats: string[];
}

const GALLERY: Scenario[] = [
  {
    name: 'a null result with a wide interval (105 units: enough for r = .30, not for this)',
    evidence: { ...labels, correlation: correlation(0.03, -0.16, 0.22, 105, 0.76), cycles: 1 },
    headline:
      'No clear link between engagement and NPS across units: r = .03 [−.16, .22], 105 units.',
    badges: [
      'link-unclear: No clear link',
      'power-small-effect: Exploratory: effect below detectable size',
    ],
    caveats: [
      'An effect this small cannot be detected reliably with 105 units: 80% power reaches links of about r = .27 and stronger (105 units are enough for r = .30).',
      NO_DIRECTION,
      ONE_CYCLE,
      CAUSATION,
    ],
  },
  {
    name: 'a null result the interval pins down',
    evidence: { ...labels, correlation: correlation(0.02, -0.05, 0.09, 800, 0.57), cycles: 1 },
    headline:
      'Engagement and NPS were not meaningfully linked across units: negligible link, r = .02 [−.05, .09], 800 units.',
    badges: ['link-negligible: Negligible link'],
    caveats: [ONE_CYCLE, CAUSATION],
  },
  {
    name: 'a strong positive link',
    evidence: { ...labels, correlation: correlation(0.62, 0.55, 0.68, 300, 1e-9), cycles: 1 },
    headline:
      'Units with higher engagement had higher NPS: strong link, r = .62 [.55, .68], 300 units.',
    badges: ['link-strong: Strong link'],
    caveats: [ONE_CYCLE, CAUSATION],
  },
  {
    name: 'a negative link',
    evidence: { ...labels, correlation: correlation(-0.4, -0.48, -0.31, 400, 1e-9), cycles: 1 },
    headline:
      'Units with higher engagement had lower NPS: moderate link, r = −.40 [−.48, −.31], 400 units.',
    badges: ['link-moderate: Moderate link'],
    caveats: [ONE_CYCLE, CAUSATION],
  },
  {
    name: 'engagement led: the lag difference excludes zero',
    evidence: { ...labels, correlation: moderate, cycles: 4, lagged: engagementFirst },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; engagement led NPS by one quarter.',
    badges: ['link-moderate: Moderate link', 'order-x-first: Engagement first'],
    caveats: [
      '“Led” means engagement predicted NPS a cycle later (.30 [.20, .40]) more than the reverse (.02 [−.08, .12]; difference .28 [.14, .42]), within the same units over consecutive cycles; it is not proof of cause.',
      CAUSATION,
    ],
  },
  {
    name: 'customers led: the reverse path is larger and the difference excludes zero',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 4,
      lagged: within(effect(0.02, -0.08, 0.12), effect(0.3, 0.2, 0.4), effect(-0.28, -0.42, -0.14)),
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; NPS led engagement by one quarter.',
    badges: ['link-moderate: Moderate link', 'order-y-first: NPS first'],
    caveats: [
      '“Led” means NPS predicted engagement a cycle later (.30 [.20, .40]) more than the reverse (.02 [−.08, .12]; difference −.28 [−.42, −.14]), within the same units over consecutive cycles; it is not proof of cause.',
      CAUSATION,
    ],
  },
  {
    name: 'a merely negative reverse path (short-panel bias) leads nothing: the forward path does',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 2,
      lagged: within(
        effect(0.18, 0.06, 0.31),
        effect(-0.49, -0.59, -0.37),
        effect(0.67, 0.52, 0.82),
      ),
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; engagement led NPS by one quarter.',
    badges: ['link-moderate: Moderate link', 'order-x-first: Engagement first'],
    caveats: [
      '“Led” means engagement predicted NPS a cycle later (.18 [.06, .31]) more than the reverse (−.49 [−.59, −.37]; difference .67 [.52, .82]), within the same units over consecutive cycles; it is not proof of cause.',
      CAUSATION,
    ],
  },
  {
    name: 'a lone reverse effect whose difference is not significant is not "customers lead"',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 4,
      lagged: within(
        effect(0.1, -0.02, 0.22),
        effect(0.25, 0.12, 0.38),
        effect(-0.15, -0.33, 0.03),
      ),
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; the data do not show which comes first.',
    badges: ['link-moderate: Moderate link', 'order-not-shown: Order not shown'],
    caveats: [
      'The lagged evidence (engagement → NPS: .10 [−.02, .22]; NPS → engagement: .25 [.12, .38]; difference −.15 [−.33, .03]) singles out neither side, so the data do not show which comes first.',
      CAUSATION,
    ],
  },
  {
    name: 'a significant r but a lag difference that is not',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 3,
      lagged: within(effect(0.2, 0.05, 0.35), effect(0.1, -0.05, 0.25), effect(0.1, -0.08, 0.28)),
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; the data do not show which comes first.',
    badges: ['link-moderate: Moderate link', 'order-not-shown: Order not shown'],
    caveats: [
      'The lagged evidence (engagement → NPS: .20 [.05, .35]; NPS → engagement: .10 [−.05, .25]; difference .10 [−.08, .28]) singles out neither side, so the data do not show which comes first.',
      CAUSATION,
    ],
  },
  {
    name: 'between units only',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 4,
      betweenWithin: {
        between: effect(0.5, 0.3, 0.7),
        within: effect(0.05, -0.1, 0.2),
        units: 400,
        rows: 1600,
      },
    },
    headline:
      "Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units. Across cycles, units with higher engagement had higher NPS; when a unit's engagement changes, its NPS does not reliably follow.",
    badges: ['link-moderate: Moderate link', 'level-between: Between units'],
    caveats: [
      NOT_TESTED,
      'A difference between units can come from stable traits (market, manager, size) that go with both engagement and NPS.',
      CAUSATION,
    ],
  },
  {
    name: 'within units only',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 4,
      betweenWithin: {
        between: effect(0.1, -0.1, 0.3),
        within: effect(0.4, 0.25, 0.55),
        units: 400,
        rows: 1600,
      },
    },
    headline:
      "Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units. Across cycles, when a unit's engagement rises, its NPS rises too; stable differences between units show no reliable link.",
    badges: ['link-moderate: Moderate link', 'level-within: Within units'],
    caveats: [NOT_TESTED, CAUSATION],
  },
  {
    name: 'between and within units, with engagement first',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 4,
      lagged: engagementFirst,
      betweenWithin: {
        between: effect(0.5, 0.3, 0.7),
        within: effect(0.4, 0.25, 0.55),
        units: 400,
        rows: 1600,
      },
    },
    headline:
      "Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; engagement led NPS by one quarter. Across cycles, units with higher engagement had higher NPS, and when a unit's engagement rises, its NPS rises too.",
    badges: [
      'link-moderate: Moderate link',
      'order-x-first: Engagement first',
      'level-both: Between and within units',
    ],
    caveats: [
      '“Led” means engagement predicted NPS a cycle later (.30 [.20, .40]) more than the reverse (.02 [−.08, .12]; difference .28 [.14, .42]), within the same units over consecutive cycles; it is not proof of cause.',
      CAUSATION,
    ],
  },
  {
    name: 'small N: twelve units',
    evidence: { ...labels, correlation: correlation(0.3, -0.33, 0.74, 12, 0.34), cycles: 1 },
    headline:
      'No clear link between engagement and NPS across units: r = .30 [−.33, .74], 12 units.',
    badges: [
      'link-unclear: No clear link',
      'power-few-units: Exploratory: too few units for r = .30',
    ],
    caveats: [
      'Exploratory: with 12 units only links of about r = .73 or stronger can be detected reliably (80% power); about 85 units are needed to detect r = .30.',
      NO_DIRECTION,
      ONE_CYCLE,
      CAUSATION,
    ],
  },
  {
    name: 'a wide interval around a moderate r',
    evidence: { ...labels, correlation: correlation(0.4, 0.05, 0.67, 30, 0.03), cycles: 1 },
    headline:
      'Units with higher engagement had higher NPS: a link of uncertain size, r = .40 [.05, .67], 30 units.',
    badges: [
      'link-uncertain-size: Link of uncertain size',
      'power-few-units: Exploratory: too few units for r = .30',
    ],
    caveats: [
      'Exploratory: with 30 units only links of about r = .49 or stronger can be detected reliably (80% power); about 85 units are needed to detect r = .30.',
      'The 95% interval runs from .05 to .67: the direction of the link is clear, its size is not.',
      ONE_CYCLE,
      CAUSATION,
    ],
  },
  {
    name: 'one cycle: lag and panel evidence, if any, say nothing',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 1,
      lagged: engagementFirst,
      betweenWithin: {
        between: effect(0.5, 0.3, 0.7),
        within: effect(0.05, -0.1, 0.2),
        units: 400,
        rows: 400,
      },
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units.',
    badges: ['link-moderate: Moderate link'],
    caveats: [ONE_CYCLE, CAUSATION],
  },
  {
    name: 'a pilot cycle draws no verdict',
    evidence: {
      ...labels,
      correlation: correlation(0.8, 0.1, 0.97, 6),
      cycles: 3,
      coverage: { pilot: true },
    },
    headline: 'No verdict from a pilot cycle (6 units): pilots stay out of the headline.',
    badges: ['no-verdict-pilot: Pilot: no verdict'],
    caveats: [
      'A pilot shows how the surveys run, not how engagement and NPS are linked across the company.',
    ],
  },
  {
    name: 'a cycle covering too few of the units draws no verdict',
    evidence: {
      ...labels,
      correlation: correlation(0.5, 0.1, 0.76, 20),
      cycles: 3,
      coverage: { tooFewUnits: true },
    },
    headline: 'No verdict from this cycle: its 20 units do not stand for the company.',
    badges: ['no-verdict-coverage: Small cycle: no verdict'],
    caveats: [
      'A cycle that reaches only part of the company cannot say how engagement and NPS are linked across it.',
    ],
  },
  {
    name: 'the demo contradiction: a lead in the lagged correlations, no same-cycle link',
    evidence: {
      ...labels,
      correlation: correlation(0.12, -0.07, 0.3, 105, 0.21),
      cycles: 2,
      lagged: {
        design: 'cross-lagged-correlations',
        forward: effect(0.45, 0.28, 0.59),
        reverse: effect(0.05, -0.14, 0.24),
        difference: effect(0.42, 0.2, 0.64),
        period: 'one quarter',
      },
    },
    headline:
      'No clear link between engagement and NPS across units: r = .12 [−.07, .30], 105 units.',
    badges: [
      'link-unclear: No clear link',
      'power-small-effect: Exploratory: effect below detectable size',
      'order-tentative: Order tentative',
    ],
    caveats: [
      'An effect this small cannot be detected reliably with 105 units: 80% power reaches links of about r = .27 and stronger (105 units are enough for r = .30).',
      NO_DIRECTION,
      'Consecutive cycles point to engagement moving first (engagement → NPS: .45 [.28, .59]; NPS → engagement: .05 [−.14, .24]), but without a same-cycle link of that sign no order is claimed.',
      CAUSATION,
    ],
  },
  {
    name: 'a lead read from cross-lagged correlations says where it comes from',
    evidence: {
      ...labels,
      correlation: moderate,
      cycles: 2,
      lagged: { ...engagementFirst!, design: 'cross-lagged-correlations' },
    },
    headline:
      'Units with higher engagement had higher NPS: moderate link, r = .45 [.37, .52], 400 units; engagement led NPS by one quarter.',
    badges: ['link-moderate: Moderate link', 'order-x-first: Engagement first'],
    caveats: [
      '“Led” means engagement predicted NPS a cycle later (.30 [.20, .40]) more than the reverse (.02 [−.08, .12]; difference .28 [.14, .42]), read from cross-lagged correlations, which mix stable differences between units with change within them (Hamaker, Kuiper & Grasman 2015); it is not proof of cause.',
      CAUSATION,
    ],
  },
  {
    name: 'three units: too few for any correlation',
    evidence: { ...labels, correlation: correlation(0.9, -0.9, 1, 3), cycles: 1 },
    headline: 'No verdict: 3 units are too few to link engagement with NPS.',
    badges: ['no-verdict-units: Too few units for a verdict'],
    caveats: [
      'A correlation needs at least 4 units; about 85 are needed to detect r = .30 reliably.',
    ],
  },
  {
    name: 'no correlation at all',
    evidence: { ...labels, correlation: null, cycles: 1 },
    headline: 'Not enough data yet to link engagement with NPS.',
    badges: ['no-verdict: No verdict yet'],
    caveats: [],
  },
];

describe(decideVerdict.name, () => {
  it.each(GALLERY.map((s) => [s.name, s] as const))('%s', (_name, scenario) => {
    const verdict = decideVerdict(scenario.evidence);
    expect(verdict.headline).toBe(scenario.headline);
    expect(verdict.badges.map((b) => `${b.code}: ${b.text}`)).toEqual(scenario.badges);
    expect(verdict.caveats).toEqual(scenario.caveats);
  });

  it('uses the phrases it is given for a directed claim', () => {
    const verdict = decideVerdict({
      ...labels,
      phrases: {
        xMore: 'more engaged teams',
        yHigher: 'had more loyal customers (higher NPS)',
        yLower: 'had less loyal customers (lower NPS)',
      },
      correlation: moderate,
      cycles: 1,
    });
    expect(verdict.headline).toBe(
      'Units with more engaged teams had more loyal customers (higher NPS): moderate link, r = .45 [.37, .52], 400 units.',
    );
  });
});

// ---------------------------------------------------------------- property: never self-contradicting

const DIRECTION_WORDS = /\b(higher|lower|more|less|positive|negative|rises|falls)\b/i;
const ORDER_CLAIM = /\bled\b|comes first|moves first/i;

const bound = fc.double({ min: -0.95, max: 0.95, noNaN: true });
const interval = fc
  .tuple(bound, bound, fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([a, b, t]) => {
    const [lower, upper] = a <= b ? [a, b] : [b, a];
    return { lower, upper, estimate: lower + t * (upper - lower) };
  });
const maybeNull = fc.oneof(
  { weight: 9, arbitrary: interval },
  { weight: 1, arbitrary: interval.map((i) => ({ ...i, lower: null, upper: null })) },
);

const evidenceArbitrary: fc.Arbitrary<VerdictEvidence> = fc.record({
  x: fc.constant('engagement'),
  y: fc.constant('NPS'),
  correlation: fc.option(
    fc
      .record({
        ci: interval,
        p: fc.double({ min: 0, max: 1, noNaN: true }),
        n: fc.integer({ min: 0, max: 3000 }),
      })
      .map(({ ci, p, n }) => ({ r: ci.estimate, ci: { lower: ci.lower, upper: ci.upper }, p, n })),
    { freq: 10 },
  ),
  cycles: fc.integer({ min: 1, max: 8 }),
  coverage: fc.record({ pilot: fc.boolean(), tooFewUnits: fc.boolean() }).map((c) =>
    // Mostly ordinary cycles, so most cases reach a verdict.
    ({ pilot: c.pilot && c.tooFewUnits, tooFewUnits: false }),
  ),
  betweenWithin: fc.option(
    fc.record({ within: maybeNull, between: maybeNull, units: fc.nat(), rows: fc.nat() }),
    { nil: undefined },
  ),
  lagged: fc.option(
    fc.record({
      design: fc.constantFrom('within-unit' as const, 'cross-lagged-correlations' as const),
      forward: maybeNull,
      reverse: maybeNull,
      difference: maybeNull,
      period: fc.constantFrom('one quarter', 'one month'),
    }),
    { nil: undefined },
  ),
  power: fc.option(fc.record({ namedR: fc.constantFrom(0.1, 0.2, 0.3, 0.5) }), { nil: undefined }),
});

const excludesZero = (e: { lower: number | null; upper: number | null }) =>
  e.lower !== null && e.upper !== null && (e.lower > 0 || e.upper < 0);

describe('a verdict never asserts what its caveats deny', () => {
  it('holds for 5,000 random evidence objects (seeded)', () => {
    fc.assert(
      fc.property(evidenceArbitrary, (evidence) => {
        const verdict = decideVerdict(evidence);
        const { link, order, level } = verdict.sentences;
        const orderPart = order.replace(/the data do not show which comes first/, '');
        const linkPart = link.replace(order, '');
        const everything = [
          verdict.headline,
          ...verdict.badges.map((b) => b.text),
          ...verdict.caveats,
        ].join(' ');
        const c = evidence.correlation;

        // No direction word in the link claim when the r's interval includes zero.
        if (c !== null && !excludesZero(c.ci)) expect(linkPart).not.toMatch(DIRECTION_WORDS);
        // …and the caveat saying so appears only when the headline makes no directed claim.
        if (verdict.caveats.some((x) => x.includes('direction of the link is not established')))
          expect(linkPart).not.toMatch(DIRECTION_WORDS);

        // "led" / "first" only when the lag difference excludes zero, with more than one cycle.
        const orderClaim =
          ORDER_CLAIM.test(orderPart) || verdict.badges.some((b) => /first$/.test(b.text));
        if (orderClaim) {
          expect(evidence.cycles).toBeGreaterThan(1);
          expect(evidence.lagged && excludesZero(evidence.lagged.difference)).toBe(true);
        }
        if (verdict.caveats.some((x) => x.includes('do not show which comes first')))
          expect(orderClaim).toBe(false);

        // One cycle: no lag and no between/within sentence at all.
        if (evidence.cycles === 1) {
          expect(order).toBe('');
          expect(level).toBe('');
          expect(verdict.headline).not.toMatch(/\bled\b|comes first|Across cycles/);
        }

        // Never "too few units" when N suffices for the effect the report names.
        const needed = unitsNeededToDetect(evidence.power?.namedR ?? 0.3)!;
        if (c !== null && c.n >= needed) expect(everything).not.toMatch(/too few units/i);

        // A pilot draws no verdict.
        if (evidence.coverage?.pilot) expect(verdict.decided).toBe(false);

        // Between/within words only for the estimates whose interval excludes zero.
        const bw = evidence.betweenWithin;
        if (level !== '' && bw) {
          if (!excludesZero(bw.between))
            expect(level).not.toMatch(/units with higher engagement had/);
          if (!excludesZero(bw.within)) expect(level).not.toMatch(/rises too|its NPS falls/);
        }
        // Never NaN, undefined or an unfilled placeholder.
        expect(everything).not.toMatch(/NaN|undefined|\{\w+\}/);
      }),
      { numRuns: 5000, seed: 20260614 },
    );
  });
});

describe('the decision table', () => {
  it('has one row per fact of each aspect', () => {
    const keys = DECISION_TABLE.map((r) => `${r.aspect}:${r.fact}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is printed as is in docs/methods.md', () => {
    const methods = readFileSync(join(__dirname, '../../../docs/methods.md'), 'utf8');
    expect(methods).toContain(decisionTableMarkdown());
  });
});
