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
/** Sized for a 390 px phone: ~350 SVG units wide, so 12–13 px text stays ≥ 11 px there. */
const BAR_WIDTH = 220;
const STEP = 58;
/** characters per line of an item's wording (two lines at most) */
const LINE = 44;

/** An item's wording in at most two lines of LINE characters, broken at spaces. */
export function wrapLabel(text: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [''];
  for (const word of words) {
    const current = lines[lines.length - 1];
    if (current === '' || `${current} ${word}`.length <= LINE) {
      lines[lines.length - 1] = current === '' ? word : `${current} ${word}`;
    } else if (lines.length < 2) {
      lines.push(word);
    } else {
      lines[1] = `${lines[1]} ${word}`;
    }
  }
  if (lines[1] !== undefined && lines[1].length > LINE)
    lines[1] = `${lines[1].slice(0, LINE - 1).trimEnd()}…`;
  return lines.join('\n');
}

export async function driverBars(
  items: DriverBar[],
  axisTitle: string,
  description: string,
): Promise<string> {
  // Each item's wording sits on its own lines above its bar (a phone has no room beside it).
  const values = items.map((item) => ({ ...item, wrapped: wrapLabel(item.label) }));
  const spec = {
    width: BAR_WIDTH,
    height: Math.max(60, items.length * STEP),
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        // the caller's order (strongest first)
        sort: null,
        title: null,
        axis: null,
        scale: { paddingInner: 0, paddingOuter: 0 },
      },
    },
    layer: [
      {
        mark: { type: 'bar', height: 14, yOffset: 16 },
        encoding: {
          x: {
            field: 'r',
            type: 'quantitative',
            title: axisTitle,
            scale: { domain: [-1, 1] },
            axis: {
              values: [-1, -0.5, 0, 0.5, 1],
              format: '.1f',
              titleFontSize: 13,
              labelFontSize: 12,
            },
          },
          color: {
            field: 'significant',
            type: 'nominal',
            scale: { domain: [true, false], range: ['#0b5cad', '#9dbde0'] },
            legend: {
              title: null,
              orient: 'bottom',
              direction: 'vertical',
              labelFontSize: 12,
              labelLimit: 320,
              labelExpr:
                "datum.value === 'true' || datum.value === true ? 'q < .05' : 'q ≥ .05 (could be chance)'",
            },
          },
        },
      },
      {
        mark: {
          type: 'text',
          align: 'left',
          // Lines run downwards from the top one; two lines end just above the bar.
          baseline: 'top',
          fontSize: 12,
          lineHeight: 14,
          lineBreak: '\n',
          color: '#1b1f24',
          yOffset: -24,
        },
        encoding: {
          x: { value: 0 },
          text: { field: 'wrapped' },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12, color: '#1b1f24', yOffset: 16 },
        encoding: {
          x: { value: BAR_WIDTH + 2 },
          text: { field: 'note' },
        },
      },
    ],
    config: { view: { stroke: null }, axis: { grid: true, gridColor: '#e3e8ee' } },
    // The notes and the wording are marks; the chart's width grows to hold them.
    padding: 5,
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}
