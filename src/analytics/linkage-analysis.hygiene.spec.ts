import fc from 'fast-check';
import { collectNumbers, collectStatuses } from '../../test/fixtures/analytics/helpers';
import { buildLinkageInput, makeTable } from '../../test/fixtures/analytics/linkage-factory';
import { analyzeLinkage } from './linkage-analysis';
import type { LinkageInput } from './linkage.types';

describe(`${analyzeLinkage.name} output hygiene`, () => {
  // Mostly well-formed values so that the ok paths run too, sprinkled with every kind of degenerate one.
  const maybeNumber = fc.oneof(
    { weight: 16, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 50) },
    { weight: 1, arbitrary: fc.constantFrom(null, Number.NaN, Number.POSITIVE_INFINITY) },
  );
  const responses = fc.oneof(
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }) },
    { weight: 6, arbitrary: fc.integer({ min: 5, max: 40 }) },
  );
  const aggregate = fc.oneof(
    fc.record({
      n: fc.integer({ min: 0, max: 12 }),
      sum: fc.integer({ min: 0, max: 60 }),
      sumSq: fc.integer({ min: 0, max: 300 }),
    }),
    fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 12 }).map((v) => ({
      n: v.length,
      sum: v.reduce((a, b) => a + b, 0),
      sumSq: v.reduce((a, b) => a + b * b, 0),
    })),
  );
  const rowBody = fc.record({
    headcount: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 80 }) },
      { weight: 1, arbitrary: maybeNumber },
    ),
    turnoverRate: maybeNumber,
    voluntaryTurnoverRate: maybeNumber,
    employee: fc.record({
      n: responses,
      metrics: fc.record({ engagement: maybeNumber, enps: maybeNumber }),
      itemMeans: fc.record({ q1: maybeNumber, q2: maybeNumber }),
      itemAggregates: fc.record({ q1: aggregate, q2: aggregate }),
      scoreAggregates: fc.record({ engagement: aggregate }),
    }),
    customer: fc.record({
      n: responses,
      metrics: fc.record({ nps: maybeNumber, csat: maybeNumber }),
    }),
  });
  /** A cycles × units grid with some cells missing. */
  const tables = fc
    .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 10 }))
    .chain(([cycles, units]) =>
      fc
        .array(fc.option(rowBody, { freq: 6 }), {
          minLength: cycles * units,
          maxLength: cycles * units,
        })
        .map((cells): LinkageInput => ({
          ...makeTable([], cycles),
          rows: cells.flatMap((cell, i) =>
            cell === null
              ? []
              : [{ ...cell, cycleId: `c${Math.floor(i / units) + 1}`, unitId: `u${i % units}` }],
          ),
          options: { bootstrapResamples: 50, panelResamples: 50 },
        })),
    );

  it('never contains NaN or Infinity, and every insufficient result carries a reason', () => {
    const check = (input: LinkageInput) => {
      const output = analyzeLinkage(input);
      const bad = collectNumbers(output).filter((n) => !Number.isFinite(n.value));
      expect(bad).toEqual([]);
      for (const { path, node } of collectStatuses(output)) {
        expect([path, node.status]).toEqual([path, expect.stringMatching(/^(ok|insufficient)$/)]);
        if (node.status === 'insufficient')
          expect(typeof node.reason === 'string' && node.reason.length > 0).toBe(true);
      }
      expect(JSON.parse(JSON.stringify(output))).toEqual(output);
    };
    check(buildLinkageInput({ units: 40, cycles: 3, seed: 9 }));
    fc.assert(fc.property(tables, check), { numRuns: 400 });
    // Realistic tables of every size, including 0–3 units and single cycles.
    const realistic = fc
      .record({
        units: fc.integer({ min: 0, max: 12 }),
        cycles: fc.integer({ min: 1, max: 3 }),
        seed: fc.integer({ min: 1, max: 1e6 }),
      })
      .map((o) => ({
        ...buildLinkageInput(o),
        options: { bootstrapResamples: 50, panelResamples: 50 },
      }));
    fc.assert(fc.property(realistic, check), { numRuns: 100 });
  });
});
