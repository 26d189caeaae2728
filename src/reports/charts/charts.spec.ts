import { crossLagDiagram, divergingBars, heatmap, scatterWithFit, trendLines } from './charts';

describe('charts', () => {
  it('renders a scatter with its fitted line and band as an accessible SVG', async () => {
    const svg = await scatterWithFit(
      [
        { label: 'North', x: 60, y: 20 },
        { label: 'South', x: 70, y: 35 },
        { label: 'East', x: 80, y: 41 },
        { label: 'West', x: 75, y: 30 },
      ],
      { x: 'Engagement', y: 'NPS' },
      'Engagement against NPS for 4 units',
    );
    expect(svg.startsWith('<svg role="img" aria-label="Engagement against NPS for 4 units"')).toBe(
      true,
    );
    expect(svg).toContain('Engagement');
    expect(svg).toMatch(/<path[^>]+d="M/);
  });

  it('marks hidden heatmap cells as hidden rather than leaving them blank', async () => {
    const svg = await heatmap(
      [
        { row: 'Branch A', column: 'engagement', value: 72, hidden: false },
        { row: 'Branch B', column: 'engagement', value: null, hidden: true },
      ],
      'Heatmap',
    );
    expect(svg).toContain('>hidden<');
    expect(svg).toContain('>72<');
  });

  it('escapes text that reaches the SVG', async () => {
    const svg = await divergingBars(
      [{ label: '<script>x</script>', value: 0.4 }],
      'r',
      'Drivers "quoted"',
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('aria-label="Drivers &quot;quoted&quot;"');
  });

  it('draws trends and the cross-lagged diagram', async () => {
    const trend = await trendLines(
      [
        { cycle: 'Q1', series: 'Engagement', value: 60 },
        { cycle: 'Q2', series: 'Engagement', value: 64 },
      ],
      'Score',
      'Trends',
    );
    expect(trend).toContain('Q2');
    const lag = await crossLagDiagram(
      { E1: 'Engagement Q1', C1: 'NPS Q1', E2: 'Engagement Q2', C2: 'NPS Q2' },
      [
        { from: 'E1', to: 'C2', label: 'r = .41', emphasis: true },
        { from: 'C1', to: 'E2', label: 'r = .12' },
      ],
      'Cross-lagged',
    );
    expect(lag).toContain('r = .41');
    expect(lag).toContain('Engagement Q1');
  });
});
