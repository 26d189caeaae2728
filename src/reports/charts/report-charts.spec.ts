import type { TopLevelSpec } from 'vega-lite';
import { crossLagPanel } from './cross-lag-panel';
import { driverBars } from './driver-bars';
import { trendPanels } from './trend-panels';
import { unitHeatmap } from './unit-heatmap';
import { scatterWithFit } from './charts';
import * as vegaSvg from './vega-svg';
import { compactNumbers, estimateTextWidth } from './vega-svg';

describe('report charts', () => {
  it('draws the cross-lagged panel with every label and an accessible name', async () => {
    const svg = await crossLagPanel(
      { E1: 'Engagement\nQ1', C1: 'NPS\nQ1', E2: 'Engagement\nQ2', C2: 'NPS\nQ2' },
      [
        { from: 'E1', to: 'E2', label: 'r = .61 [.40, .76]' },
        { from: 'C1', to: 'C2', label: 'r = .55 [.33, .72]' },
        { from: 'E1', to: 'C2', label: 'r = .42 [.18, .61]', emphasis: true },
        { from: 'C1', to: 'E2', label: 'r = .12 [−.14, .36]' },
      ],
      [
        { from: 'E1', to: 'C1', label: 'r = .30' },
        { from: 'E2', to: 'C2', label: 'r = .33' },
      ],
      'Cross-lagged panel',
    );
    expect(svg.startsWith('<svg role="img" aria-label="Cross-lagged panel"')).toBe(true);
    for (const label of [
      'r = .42 [.18, .61]',
      'r = .12 [−.14, .36]',
      'r = .30',
      'Engagement',
      'Q2',
    ])
      expect(svg).toContain(label);
  });

  it('labels hidden heatmap cells "hidden" and keeps the given row order', async () => {
    const svg = await unitHeatmap(
      [
        { row: 'Retail', depth: 1, column: 'Engagement', value: 64, hidden: false },
        { row: 'Kiosk', depth: 2, column: 'Engagement', value: null, hidden: true },
        { row: 'Store', depth: 2, column: 'Engagement', value: 66, hidden: false },
      ],
      'Heatmap',
    );
    expect(svg).toContain('>hidden<');
    expect(svg).toContain('>└ Kiosk<');
    expect(svg.indexOf('Retail')).toBeLessThan(svg.indexOf('└ Kiosk'));
    expect(svg).not.toMatch(/NaN/);
  });

  it('prints each driver in full when it fits and marks which clear q < .05', async () => {
    const svg = await driverBars(
      [
        {
          label: 'I have the tools and information I need to do my job well.',
          r: 0.52,
          note: 'r = .52, q = .001',
          significant: true,
        },
        {
          label: 'I can switch off from work when I need to.',
          r: -0.05,
          note: 'r = −.05, q = .71',
          significant: false,
        },
      ],
      'r with NPS',
      'Drivers',
    );
    expect(svg).toContain('I have the tools and information I need to do my job well.');
    expect(svg).toContain('q ≥ .05 (could be chance)');
  });

  it('puts cycles in the order given, whatever order the values come in', async () => {
    const svg = await trendPanels(
      [
        { cycle: 'Q3', measure: 'NPS', group: 'Retail', value: 12 },
        { cycle: 'Q1', measure: 'NPS', group: 'Whole company', value: 10 },
        { cycle: 'Q2', measure: 'NPS', group: 'Whole company', value: 11 },
        { cycle: 'Q3', measure: 'NPS', group: 'Whole company', value: -4 },
      ],
      { cycles: ['Q1', 'Q2', 'Q3'], measures: ['NPS'], groups: ['Retail', 'Whole company'] },
      'Trends',
    );
    const q1 = svg.indexOf('>Q1<');
    expect(q1).toBeGreaterThan(0);
    expect(q1).toBeLessThan(svg.indexOf('>Q2<'));
    expect(svg.indexOf('>Q2<')).toBeLessThan(svg.indexOf('>Q3<'));
    expect(svg).toContain('>−4<');
  });

  it('sets cycle labels at an angle only when they would run into each other', async () => {
    const trend = (cycles: string[]) =>
      trendPanels(
        cycles.map((cycle, i) => ({ cycle, measure: 'NPS', group: 'Whole company', value: i })),
        { cycles, measures: ['NPS'], groups: ['Whole company'] },
        'Trends',
      );
    const quarters = (count: number) =>
      Array.from({ length: count }, (_, i) => `${2024 + Math.floor(i / 4)}-Q${(i % 4) + 1}`);
    // vega writes -45° as rotate(315)
    const rotated = /<text[^>]*transform="[^"]*rotate\(315\)[^"]*"[^>]*>2024-Q1</;
    expect(await trend(quarters(3))).not.toMatch(rotated);
    expect(await trend(quarters(8))).toMatch(rotated);
  });

  it('draws from a kept chart shape exactly what compiling the chart afresh draws', async () => {
    const drawn: { spec: unknown; description: string; svg: string }[] = [];
    const render = vegaSvg.renderVegaLite;
    const spy = jest.spyOn(vegaSvg, 'renderVegaLite').mockImplementation(async (spec, d) => {
      const svg = await render(spec, d);
      drawn.push({ spec, description: d, svg });
      return svg;
    });
    try {
      // Each chart twice with different data, so the second drawing reuses the first's shape.
      for (const shift of [0, 7]) {
        await scatterWithFit(
          [55, 61, 64, 70, 78].map((x, i) => ({ label: `u${i}`, x: x + shift, y: x - 60 - i })),
          { x: 'Engagement', y: 'NPS' },
          `Scatter ${shift}`,
        );
        await driverBars(
          [
            { label: 'Tools', r: 0.5 - shift / 20, note: 'r = .50', significant: true },
            { label: 'Workload', r: -0.1, note: 'r = −.10', significant: false },
          ],
          'r with NPS',
          'Drivers',
        );
        await unitHeatmap(
          [
            { row: 'Retail', depth: 1, column: 'Engagement', value: 60 + shift, hidden: false },
            { row: 'Kiosk', depth: 2, column: 'Engagement', value: null, hidden: true },
          ],
          'Heatmap',
        );
        await trendPanels(
          ['Q1', 'Q2', 'Q3'].map((cycle, i) => ({
            cycle,
            measure: 'NPS',
            group: 'Whole company',
            value: i * shift,
          })),
          { cycles: ['Q1', 'Q2', 'Q3'], measures: ['NPS'], groups: ['Whole company'] },
          'Trends',
        );
        await crossLagPanel(
          { E1: 'Engagement\nQ1', C1: 'NPS\nQ1', E2: 'Engagement\nQ2', C2: 'NPS\nQ2' },
          [
            { from: 'E1', to: 'C2', label: `r = .${40 + shift}`, emphasis: true },
            { from: 'C1', to: 'E2', label: 'r = .12' },
          ],
          [{ from: 'E1', to: 'C1', label: `r = .${30 + shift}` }],
          'Cross-lagged panel',
        );
      }
    } finally {
      spy.mockRestore();
    }
    expect(drawn).toHaveLength(10);
    expect(drawn[0].svg).not.toBe(drawn[5].svg);
    // Clip-path and gradient ids count up across every drawing (so they stay unique on a page).
    const sameIds = (svg: string) => svg.replace(/clip\d+/g, 'clip').replace(/gradient_\d+/g, 'g');
    for (const { spec, description, svg } of drawn)
      expect(sameIds(svg)).toBe(
        sameIds(await vegaSvg.renderVegaLiteUncached(spec as TopLevelSpec, description)),
      );
  });

  it('rounds geometry to a tenth of a pixel and leaves text alone', () => {
    expect(
      compactNumbers(
        '<path transform="translate(147.4867433,20.2857)" d="M3.24,0"/><text>1.23456</text>',
      ),
    ).toBe('<path transform="translate(147.5,20.3)" d="M3.2,0"/><text>1.23456</text>');
  });

  it('estimates narrow text narrower than wide text', () => {
    expect(estimateTextWidth('iiii', 12)).toBeLessThan(estimateTextWidth('MMMM', 12));
    expect(estimateTextWidth('Our ways of working help me serve customers', 12)).toBeLessThan(
      0.8 * 12 * 43,
    );
  });
});
