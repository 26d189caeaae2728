import type { UnitResultRow, UnitResults } from '../analytics/unit-results.service';
import { planBasis } from './plan-dimensions';

const shown = (value: number | null) => ({ hidden: false as const, value, n: 8, favorable: 50 });

function results(rows: Partial<UnitResultRow>[]): UnitResults {
  return {
    cycle: {
      id: 'c',
      label: 'Q1',
      periodStart: '2025-01-01',
      periodEnd: '2025-03-31',
      status: 'closed',
    },
    thresholds: { anonymityMin: 5, commentMin: 10 },
    metrics: {
      employee: [
        { key: 'engagement', label: 'Engagement index' },
        { key: 'enablement', label: 'Enablement index' },
        { key: 'manager', label: 'Manager index' },
        { key: 'enps', label: 'eNPS' },
      ],
      customer: [],
    },
    items: [],
    total: null,
    units: rows.map((r) => ({
      unitId: 'u1',
      name: 'Harbour',
      externalId: 'H',
      parentId: null,
      depth: 0,
      responses: 8,
      comments: { hidden: true, code: 'below-threshold', reason: 'x' },
      customer: { responses: 0, metrics: {} },
      employee: { hidden: true, code: 'no-responses', reason: 'No responses.' },
      ...r,
    })),
  };
}

describe(planBasis.name, () => {
  it('lists the unit’s dimensions lowest first, without eNPS', () => {
    const basis = planBasis(
      results([
        {
          employee: {
            hidden: false,
            items: {},
            metrics: {
              engagement: shown(70),
              enablement: shown(41.5),
              manager: shown(88),
              enps: shown(-20),
            },
          },
        },
      ]),
      'u1',
    );
    expect(basis).toEqual({
      eligible: true,
      responses: 8,
      dimensions: [
        { key: 'enablement', label: 'Enablement index', value: 41.5, favorable: 50 },
        { key: 'engagement', label: 'Engagement index', value: 70, favorable: 50 },
        { key: 'manager', label: 'Manager index', value: 88, favorable: 50 },
      ],
    });
  });

  it('leaves out a dimension whose own figure is hidden', () => {
    const basis = planBasis(
      results([
        {
          employee: {
            hidden: false,
            items: {},
            metrics: {
              engagement: shown(70),
              enablement: { hidden: true, code: 'below-threshold', reason: 'Fewer than 5 answers' },
              manager: shown(null),
            },
          },
        },
      ]),
      'u1',
    );
    expect(basis.eligible && basis.dimensions.map((d) => d.key)).toEqual(['engagement']);
  });

  it('gives the reason when the unit’s results are hidden to protect anonymity', () => {
    const basis = planBasis(
      results([
        {
          responses: 3,
          employee: {
            hidden: true,
            code: 'below-threshold',
            reason: 'Fewer than 5 responses: hidden to protect anonymity.',
          },
        },
      ]),
      'u1',
    );
    expect(basis).toEqual({
      eligible: false,
      responses: 3,
      reason: 'Fewer than 5 responses: hidden to protect anonymity.',
    });
  });

  it('says there were no responses for a unit missing from the results', () => {
    expect(planBasis(results([]), 'u1')).toEqual({
      eligible: false,
      responses: 0,
      reason: 'No employee responses in this cycle.',
    });
  });
});
