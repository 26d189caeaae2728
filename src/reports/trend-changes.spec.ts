import { trendPanels } from './charts/trend-panels';
import { axisDomain, changeScale, consecutiveChanges } from './trend-changes';

describe('trend changes', () => {
  const cycles = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];

  it('tests each point against the cycle just before it, never across a gap', () => {
    const line = [
      { cycle: '2025-Q1', value: 60, n: 400 },
      { cycle: '2025-Q2', value: 70, n: 400 },
      // 2025-Q3 hidden: Q4 has no test
      { cycle: '2025-Q4', value: 50, n: 400 },
    ];
    const tests = consecutiveChanges('share', line, cycles);
    expect(tests[0]).toBeNull();
    expect(tests[1]).toMatchObject({ delta: 10, significant: true });
    expect(tests[2]).toBeNull();
  });

  it('picks the bound by measure, and gives turnover no test', () => {
    expect(changeScale('csat', 'customer')).toBe('share');
    expect(changeScale('nps', 'customer')).toBe('net');
    expect(changeScale('enps', 'employee')).toBe('net');
    expect(changeScale('engagement', 'employee')).toBe('index');
    expect(changeScale('turnover', 'turnover')).toBeNull();
    const line = [
      { cycle: '2025-Q1', value: 10, n: 400 },
      { cycle: '2025-Q2', value: 30, n: 400 },
    ];
    expect(consecutiveChanges(null, line, cycles)).toEqual([null, null]);
  });

  it('states an axis rounded out to fives, inside what the measure can be', () => {
    expect(axisDomain('engagement', 'employee', [57.2, 58.4, 58.1])).toEqual([55, 65]);
    expect(axisDomain('nps', 'customer', [-98, -60])).toEqual([-100, -50]);
    expect(axisDomain('csat', 'customer', [97, 99])).toEqual([95, 100]);
    expect(axisDomain('turnover', 'turnover', [1, 4])).toEqual([0, 10]);
  });

  it('draws ▲ over a significant rise and states each panel’s axis', async () => {
    const svg = await trendPanels(
      [
        { cycle: '2025-Q1', measure: 'CSAT', group: 'Whole company', value: 60 },
        { cycle: '2025-Q2', measure: 'CSAT', group: 'Whole company', value: 70, change: 'up' },
      ],
      { cycles: ['2025-Q1', '2025-Q2'], measures: ['CSAT'], groups: ['Whole company'] },
      'Trends',
      [{ measure: 'CSAT', domain: [55, 75] }],
    );
    expect(svg).toContain('>▲<');
    expect(svg).not.toContain('>▼<');
    expect(svg).toContain('axis from 55 to 75');
  });
});
