import { scatterWithFit } from './charts';
import { driverBars } from './driver-bars';
import { mergeDots } from './vega-svg';

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

  it('draws a scatter of many units as one path of dots', async () => {
    const points = Array.from({ length: 500 }, (_, i) => ({
      label: `Unit ${i}`,
      x: (i * 37) % 100,
      y: (i * 53) % 100,
    }));
    const svg = await scatterWithFit(points, { x: 'Engagement', y: 'NPS' }, 'Scatter');
    const dots = /<g class="mark-symbol[^>]*><path d="([^"]+)"[^>]*stroke-linecap="round"/.exec(
      svg,
    );
    expect(dots?.[1].match(/h0/g)).toHaveLength(500);
    expect(Buffer.byteLength(svg)).toBeLessThan(25_000);
  });

  it('names the font once, on the root, for every text to inherit', async () => {
    const svg = await scatterWithFit(
      [
        { label: 'North', x: 60, y: 20 },
        { label: 'South', x: 70, y: 35 },
        { label: 'East', x: 80, y: 41 },
      ],
      { x: 'Engagement', y: 'NPS' },
      'Scatter',
    );
    expect(svg.match(/font-family=/g)).toHaveLength(1);
    expect(svg).toMatch(/^<svg [^>]*font-family="system-ui/);
    expect(svg).not.toContain(' opacity="1"');
  });

  it('leaves symbol groups it does not recognise as they are', () => {
    const group =
      '<g class="mark-symbol role-mark x" aria-hidden="true"><path transform="translate(1,2)" d="M0,0L1,1"/><path transform="translate(3,4)" d="M0,0L1,1"/></g>';
    expect(mergeDots(group)).toBe(group);
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
