import { analyzeLinkage } from '../analytics/linkage-analysis';
import type { LinkageReport } from '../analytics/linkage.service';
import type { LinkageInput } from '../analytics/linkage.types';
import { buildLinkageInput } from '../../test/fixtures/analytics/linkage-factory';
import { describeReport, lagPeriod } from './narrative';

function reportOf(input: LinkageInput): LinkageReport {
  return {
    cycles: input.cycles.map((c) => ({
      id: c.id,
      label: c.label,
      periodStart: c.start,
      periodEnd: c.end,
      status: 'closed',
    })),
    withheld: [],
    focusCycleId: input.cycles[input.cycles.length - 1]?.id ?? null,
    scope: null,
    primary: input.primary,
    metrics: {
      employee: [
        { key: 'engagement', label: 'Engagement index' },
        { key: 'enps', label: 'eNPS' },
      ],
      customer: [
        { key: 'nps', label: 'NPS' },
        { key: 'csat', label: 'CSAT' },
      ],
    },
    analysis: analyzeLinkage(input),
    units: [],
  };
}

describe('the plain-language verdict', () => {
  it('leads with what happened to customers, the strength, r with its interval and N, then the lag', () => {
    const narrative = describeReport(
      reportOf(buildLinkageInput({ units: 120, cycles: 2, seed: 3 })),
    );
    // r = .37 [.20, .51] spans small to strong: the strength word waits for a narrower interval.
    expect(narrative.headline).toMatch(
      /^Units with more engaged teams had more loyal customers \(higher NPS\): ((small|moderate|strong) link|a link of uncertain size), r = \.\d\d \[\.\d\d, \.\d\d\], 120 units; engagement led NPS by one quarter\.( Across cycles, [^.]+\.)?$/,
    );
    expect(narrative.strengthLabel).toMatch(
      /^((Small|Moderate|Strong) link|Link of uncertain size)$/,
    );
    expect(narrative.caveats.at(-1)).toMatch(/Correlation is not causation/);
    expect(narrative.details.join(' ')).not.toMatch(/NaN|0\.\d/);
  });

  it('says when customers came first', () => {
    // The order rests on the within-unit lagged model: two cycles' short-panel bias hides the
    // planted reverse lead there, so the fixture has three.
    const narrative = describeReport(
      reportOf(buildLinkageInput({ units: 150, cycles: 3, seed: 5, leader: 'customer' })),
    );
    expect(narrative.headline).toMatch(/; NPS led engagement by one quarter\./);
  });

  it('labels a result from few units exploratory and says how many units would be needed', () => {
    const narrative = describeReport(
      reportOf(buildLinkageInput({ units: 12, cycles: 1, seed: 9 })),
    );
    expect(narrative.headline).toMatch(/12 units\.$/);
    expect(narrative.exploratory).toBe(true);
    expect(narrative.caveats[0]).toMatch(
      /^Exploratory: with 12 units only links of about r = \.7\d/,
    );
    expect(narrative.caveats[0]).toMatch(/about 85 units are needed to detect r = \.30/);
  });

  it('says what is missing instead of a verdict when too few units qualify', () => {
    const narrative = describeReport(reportOf(buildLinkageInput({ units: 3, cycles: 1, seed: 2 })));
    expect(narrative.headline).toBeNull();
    expect(narrative.missing[0]).toMatch(
      /at least 5 employee and 5 customer responses in the cycle; 3 units do so far, and at least 4 are needed/,
    );
  });

  it('says so when there is no cycle at all', () => {
    const input = buildLinkageInput({ units: 3, cycles: 1, seed: 2 });
    const narrative = describeReport(reportOf({ ...input, cycles: [], rows: [] }));
    expect(narrative.missing[0]).toMatch(/No cycle has been run yet/);
  });

  it('names the lag after the spacing of the cycles', () => {
    expect(lagPeriod('2025-01-01', '2025-04-01')).toBe('one quarter');
    expect(lagPeriod('2025-01-01', '2025-02-01')).toBe('one month');
    expect(lagPeriod('2024-01-01', '2025-01-01')).toBe('one year');
    expect(lagPeriod('2025-01-01', '2025-01-15')).toBe('one cycle');
  });
});
