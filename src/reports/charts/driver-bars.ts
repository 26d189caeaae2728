import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite } from './vega-svg';

export interface DriverBar {
  /** the item's wording, shown in full (wrapped by the caller if long) */
  label: string;
  r: number;
  /** printed at the bar's end, e.g. "r = .42, q = .003" */
  note: string;
  /** q < .05: drawn solid; others lighter */
  significant: boolean;
}

/**
 * Driver ranking: one bar per employee item, its correlation with the customer metric across
 * units, strongest first. Items whose q-value clears .05 are solid; the rest are pale, so the
 * eye separates "likely real" from "could be chance" without reading numbers.
 */
export async function driverBars(
  items: DriverBar[],
  axisTitle: string,
  description: string,
): Promise<string> {
  const values = items;
  const spec = {
    width: 300,
    height: Math.max(60, items.length * 30),
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        // the caller's order (strongest first)
        sort: null,
        title: null,
        axis: { labelLimit: 470, labelFontSize: 12, labelPadding: 6, ticks: false, domain: false },
      },
    },
    layer: [
      {
        mark: { type: 'bar', height: 18 },
        encoding: {
          x: {
            field: 'r',
            type: 'quantitative',
            title: axisTitle,
            scale: { domain: [-1, 1] },
            axis: { values: [-1, -0.5, 0, 0.5, 1], format: '.1f', titleFontSize: 12 },
          },
          color: {
            field: 'significant',
            type: 'nominal',
            scale: { domain: [true, false], range: ['#0b5cad', '#9dbde0'] },
            legend: {
              title: null,
              orient: 'bottom',
              labelLimit: 320,
              labelExpr:
                "datum.value === 'true' || datum.value === true ? 'q < .05' : 'q ≥ .05 (could be chance)'",
            },
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#1b1f24' },
        encoding: {
          x: { value: 304 },
          text: { field: 'note' },
        },
      },
    ],
    config: { view: { stroke: null }, axis: { grid: true, gridColor: '#e3e8ee' } },
    padding: { left: 5, right: 110, top: 5, bottom: 5 },
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}
