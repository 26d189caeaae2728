import type { TopLevelSpec } from 'vega-lite';
import { linearFit } from '../../analytics/stats/regression';
import { renderVegaLite } from './vega-svg';

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
}

const BRAND = '#0b5cad';

/** Units as points, the least-squares line and its 95% confidence band. */
export async function scatterWithFit(
  points: ScatterPoint[],
  axes: { x: string; y: string },
  description: string,
  /** fixed axis ranges (e.g. NPS −100…100), so the band cannot stretch past what is possible */
  domains: { x?: [number, number]; y?: [number, number] } = {},
): Promise<string> {
  const scale = (domain?: [number, number]) =>
    domain ? { domain, zero: false, nice: false } : { zero: false };
  const fit = linearFit(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
  const layers: unknown[] = [];
  if (fit) {
    layers.push(
      {
        data: { values: fit.band },
        mark: { type: 'area', color: BRAND, opacity: 0.15, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'lo', type: 'quantitative' },
          y2: { field: 'hi' },
        },
      },
      {
        data: { values: fit.band },
        mark: { type: 'line', color: BRAND, strokeWidth: 2, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
        },
      },
    );
  }
  layers.push({
    data: { values: points },
    // No per-point ARIA labels: with thousands of units they would bloat the page; the chart
    // as a whole is labelled and its table is the text alternative.
    mark: { type: 'circle', size: 42, color: '#1b1f24', opacity: 0.75, aria: false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x, scale: scale(domains.x) },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: scale(domains.y) },
    },
  });
  return renderVegaLite({ width: 520, height: 320, layer: layers } as TopLevelSpec, description);
}
