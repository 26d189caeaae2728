import type { TopLevelSpec } from 'vega-lite';
import { linearFit } from '../../analytics/regression';
import { renderVegaLite } from './vega-svg';

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
}

const BRAND = '#0b5cad';
const ACCENT = '#b34700';

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

export interface BarItem {
  label: string;
  value: number;
  note?: string;
}

/** Horizontal bars around zero, e.g. each driver's correlation with the customer metric. */
export async function divergingBars(
  items: BarItem[],
  axisTitle: string,
  description: string,
): Promise<string> {
  return renderVegaLite(
    {
      width: 420,
      height: Math.max(60, items.length * 24),
      data: { values: items },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
        x: { field: 'value', type: 'quantitative', title: axisTitle, scale: { domain: [-1, 1] } },
        color: { condition: { test: 'datum.value >= 0', value: BRAND }, value: ACCENT },
      },
    },
    description,
  );
}

export interface HeatCell {
  row: string;
  column: string;
  value: number | null;
  hidden: boolean;
}

/** Units × dimensions. Hidden cells are drawn hatched-grey and labelled "hidden", never left blank. */
export async function heatmap(cells: HeatCell[], description: string): Promise<string> {
  const values = cells.map((c) => ({
    ...c,
    text: c.hidden ? 'hidden' : c.value === null ? 'no data' : c.value.toFixed(0),
    blank: c.hidden || c.value === null,
    shade: c.hidden || c.value === null ? 0 : c.value,
  }));
  const rows = new Set(cells.map((c) => c.row)).size;
  return renderVegaLite(
    {
      data: { values },
      width: { step: 78 },
      height: Math.max(40, rows * 26),
      encoding: {
        x: {
          field: 'column',
          type: 'nominal',
          title: null,
          axis: { orient: 'top', labelAngle: 0 },
        },
        y: { field: 'row', type: 'nominal', title: null, sort: null, axis: { labelLimit: 220 } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: '#ffffff' },
          encoding: {
            color: {
              condition: { test: 'datum.blank', value: '#d9dde2' },
              field: 'shade',
              type: 'quantitative',
              scale: { domain: [0, 100], range: ['#f2f6fb', '#0b5cad'] },
              title: 'Index',
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            text: { field: 'text' },
            color: {
              condition: { test: '!datum.blank && datum.shade > 60', value: '#ffffff' },
              value: '#1b1f24',
            },
          },
        },
      ],
    },
    description,
  );
}

export interface TrendPoint {
  cycle: string;
  series: string;
  value: number;
}

/** One line per measure across cycles. */
export async function trendLines(
  points: TrendPoint[],
  yTitle: string,
  description: string,
): Promise<string> {
  return renderVegaLite(
    {
      width: 520,
      height: 260,
      data: { values: points },
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'cycle', type: 'ordinal', sort: null, title: null, axis: { labelAngle: 0 } },
        y: { field: 'value', type: 'quantitative', title: yTitle },
        color: { field: 'series', type: 'nominal', title: null, scale: { scheme: 'dark2' } },
      },
    },
    description,
  );
}

export interface CrossLagArrow {
  from: 'E1' | 'C1' | 'E2' | 'C2';
  to: 'E1' | 'C1' | 'E2' | 'C2';
  label: string;
  emphasis?: boolean;
}

const NODE_POSITIONS: Record<CrossLagArrow['from'], { x: number; y: number }> = {
  E1: { x: 90, y: 50 },
  C1: { x: 90, y: 230 },
  E2: { x: 450, y: 50 },
  C2: { x: 450, y: 230 },
};

/** Two waves, four arrows: stabilities across, synchronous down, and the two lagged diagonals. */
export async function crossLagDiagram(
  names: Record<CrossLagArrow['from'], string>,
  arrows: CrossLagArrow[],
  description: string,
): Promise<string> {
  const nodes = Object.entries(NODE_POSITIONS).map(([key, p]) => ({
    key,
    ...p,
    name: names[key as CrossLagArrow['from']],
  }));
  const lines = arrows.map((a) => {
    const from = NODE_POSITIONS[a.from];
    const to = NODE_POSITIONS[a.to];
    const shrink = (t: number) => ({
      x: from.x + (to.x - from.x) * t,
      y: from.y + (to.y - from.y) * t,
    });
    const start = shrink(0.2);
    const end = shrink(0.8);
    const diagonal = a.from[0] !== a.to[0] && a.from[1] !== a.to[1];
    const labelAt = shrink(diagonal ? (a.from === 'E1' ? 0.32 : 0.68) : 0.5);
    const angle = (Math.atan2(end.y - start.y, end.x - start.x) * 180) / Math.PI;
    return {
      ...a,
      x: start.x,
      y: start.y,
      x2: end.x,
      y2: end.y,
      lx: labelAt.x,
      ly: labelAt.y - 8,
      angle: angle + 90,
    };
  });
  return renderVegaLite(
    {
      width: 540,
      height: 280,
      layer: [
        {
          data: { values: lines },
          mark: { type: 'rule', strokeWidth: 2 },
          encoding: {
            x: { field: 'x', type: 'quantitative', scale: { domain: [0, 540] }, axis: null },
            y: { field: 'y', type: 'quantitative', scale: { domain: [280, 0] }, axis: null },
            x2: { field: 'x2' },
            y2: { field: 'y2' },
            color: { condition: { test: 'datum.emphasis', value: BRAND }, value: '#6b7684' },
          },
        },
        {
          data: { values: lines },
          mark: { type: 'point', shape: 'triangle', filled: true, size: 90 },
          encoding: {
            x: { field: 'x2', type: 'quantitative', scale: { domain: [0, 540] }, axis: null },
            y: { field: 'y2', type: 'quantitative', scale: { domain: [280, 0] }, axis: null },
            angle: { field: 'angle', type: 'quantitative', scale: null },
            color: { condition: { test: 'datum.emphasis', value: BRAND }, value: '#6b7684' },
          },
        },
        {
          data: { values: lines },
          mark: { type: 'text', fontSize: 12, fontWeight: 'bold', color: '#1b1f24' },
          encoding: {
            x: { field: 'lx', type: 'quantitative', scale: { domain: [0, 540] }, axis: null },
            y: { field: 'ly', type: 'quantitative', scale: { domain: [280, 0] }, axis: null },
            text: { field: 'label' },
          },
        },
        {
          data: { values: nodes },
          mark: { type: 'text', fontSize: 13, fontWeight: 'bold', color: '#0d2740' },
          encoding: {
            x: { field: 'x', type: 'quantitative', scale: { domain: [0, 540] }, axis: null },
            y: { field: 'y', type: 'quantitative', scale: { domain: [280, 0] }, axis: null },
            text: { field: 'name' },
          },
        },
      ],
    },
    description,
  );
}
