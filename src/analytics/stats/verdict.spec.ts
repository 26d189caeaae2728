import { describeCorrelation, describeCrossLag, isExploratory, strengthOf } from './verdict';

describe(strengthOf.name, () => {
  it.each([
    [0, 'negligible'],
    [0.099, 'negligible'],
    [0.1, 'small'],
    [-0.299, 'small'],
    [0.3, 'moderate'],
    [-0.49, 'moderate'],
    [0.5, 'strong'],
    [-0.9, 'strong'],
  ] as const)('labels r = %p as %s', (r, label) => {
    expect(strengthOf(r)).toBe(label);
  });
});

describe(isExploratory.name, () => {
  it('flags correlations below what the number of units can detect', () => {
    expect(isExploratory(0.25, 30)).toBe(true); // 30 units detect about .49
    expect(isExploratory(-0.6, 30)).toBe(false);
    expect(isExploratory(0.31, 85)).toBe(false);
    expect(isExploratory(0.29, 85)).toBe(true);
    expect(isExploratory(0.99, 3)).toBe(true);
  });
});

describe(describeCorrelation.name, () => {
  const reading = {
    xLabel: 'engagement',
    yLabel: 'NPS',
    r: 0.42,
    ci: { lower: 0.2, upper: 0.6 },
    p: 0.0004,
    n: 120,
  };

  it('states direction, strength and the numbers', () => {
    const verdict = describeCorrelation(reading);
    expect(verdict.sentence).toBe(
      'Across 120 units, higher engagement goes with higher NPS: a moderate positive correlation ' +
        '(r = 0.42, 95% CI 0.20 to 0.60, p < 0.001).',
    );
    expect(verdict.strength).toBe('moderate');
    expect(verdict.exploratory).toBe(false);
    expect(verdict.caveats).toEqual([expect.stringContaining('not causation')]);
  });

  it('says "lower" for a negative link and "unrelated" for a negligible one', () => {
    expect(
      describeCorrelation({ ...reading, r: -0.35, ci: { lower: -0.5, upper: -0.2 } }).sentence,
    ).toContain('higher engagement goes with lower NPS: a moderate negative correlation');
    expect(
      describeCorrelation({ ...reading, r: 0.05, ci: { lower: -0.1, upper: 0.2 }, p: 0.6 })
        .sentence,
    ).toContain('essentially unrelated');
  });

  it('adds the few-units and interval-includes-zero caveats when they apply', () => {
    const verdict = describeCorrelation({
      ...reading,
      r: 0.3,
      ci: { lower: -0.2, upper: 0.7 },
      p: 0.2,
      n: 12,
    });
    expect(verdict.exploratory).toBe(true);
    expect(verdict.caveats).toHaveLength(3);
    expect(verdict.caveats[0]).toContain('With 12 units only correlations of about 0.73');
    expect(verdict.caveats[1]).toContain('includes zero');
  });
});

describe(describeCrossLag.name, () => {
  const base = {
    xLabel: 'engagement',
    yLabel: 'NPS',
    fromLabel: 'Q1',
    toLabel: 'Q2',
    xLeads: 0.5,
    yLeads: 0.1,
    n: 80,
  };

  it('names the larger lagged correlation when the difference is significant, without an order claim', () => {
    const forward = describeCrossLag({ ...base, p: 0.01 });
    expect(forward).toContain('engagement in Q1 goes with NPS in Q2 more closely than the reverse');
    expect(forward).not.toMatch(/comes? first|led/);
    expect(describeCrossLag({ ...base, xLeads: 0.05, p: 0.01 })).toContain(
      'NPS in Q1 goes with engagement in Q2 more closely than the reverse',
    );
  });

  it('declines to name a direction otherwise', () => {
    expect(describeCrossLag({ ...base, p: 0.2 })).toContain('do not show which comes first');
  });
});
