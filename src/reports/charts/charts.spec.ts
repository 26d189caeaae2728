import { scatterWithFit } from './charts';
import { driverBars } from './driver-bars';

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

  it('escapes text that reaches the SVG', async () => {
    const svg = await driverBars(
      [{ label: '<script>x</script>', r: 0.4, note: 'r = .40', significant: true }],
      'r',
      'Drivers "quoted"',
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('aria-label="Drivers &quot;quoted&quot;"');
  });
});
