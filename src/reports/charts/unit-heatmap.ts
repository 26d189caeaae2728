import type { TopLevelSpec } from 'vega-lite';
import { estimateTextWidth, renderVegaLite } from './vega-svg';

const LABEL_LIMIT = 240;

export interface UnitHeatCell {
  /** the unit's name, indented by `depth` */
  row: string;
  depth: number;
  column: string;
  value: number | null;
  hidden: boolean;
}

/**
 * Units × employee indices. The colour scale spans the values actually present (rounded out to
 * tens), so a spread of 55–75 reads as a spread rather than one shade of mid-blue; the numbers
 * are printed in every cell anyway. Hidden cells are grey and say "hidden"; missing ones "—".
 */
export async function unitHeatmap(cells: UnitHeatCell[], description: string): Promise<string> {
  const shown = cells.filter((c) => !c.hidden && c.value !== null).map((c) => c.value as number);
  const lo = shown.length ? Math.floor(Math.min(...shown) / 10) * 10 : 0;
  const hi = shown.length ? Math.max(lo + 10, Math.ceil(Math.max(...shown) / 10) * 10) : 100;
  const mid = (lo + hi) / 2;
  const order: string[] = [];
  const values = cells.map((c) => {
    // Axis labels lose leading spaces, so nesting is drawn with tree marks: "└ Kiosk".
    const label = c.depth <= 1 ? c.row : `${'· '.repeat(Math.min(c.depth, 5) - 2)}└ ${c.row}`;
    if (!order.includes(label)) order.push(label);
    const blank = c.hidden || c.value === null;
    return {
      row: label,
      column: c.column,
      text: c.hidden ? 'hidden' : c.value === null ? '—' : c.value.toFixed(0),
      blank,
      shade: blank ? mid : c.value,
      dark: !blank && (c.value as number) > mid + (hi - lo) * 0.15,
    };
  });
  const labelWidth = Math.min(
    LABEL_LIMIT,
    Math.max(40, ...order.map((label) => estimateTextWidth(label, 12))),
  );
  const spec = {
    data: { values },
    width: { step: 92 },
    height: { step: 28 },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        title: null,
        sort: null,
        axis: { orient: 'top', labelAngle: 0, labelFontSize: 12, domain: false, ticks: false },
      },
      y: {
        field: 'row',
        type: 'nominal',
        title: null,
        sort: order,
        axis: {
          labelLimit: LABEL_LIMIT,
          labelFontSize: 12,
          labelAlign: 'left',
          labelPadding: labelWidth + 8,
          domain: false,
          ticks: false,
        },
      },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
        encoding: {
          color: {
            condition: { test: 'datum.blank', value: '#dde1e6' },
            field: 'shade',
            type: 'quantitative',
            scale: { domain: [lo, hi], range: ['#f3f7fc', '#0b4f96'], clamp: true },
            title: 'Index',
            legend: { orient: 'right', gradientLength: 120 },
          },
        },
      },
      ...[false, true].map((blank) => ({
        // Figures upright, "hidden" and "—" in italics: separate layers, as a text mark's style
        // cannot be encoded per datum.
        transform: [{ filter: blank ? 'datum.blank' : '!datum.blank' }],
        mark: { type: 'text', fontSize: 12, fontStyle: blank ? 'italic' : 'normal' },
        encoding: {
          text: { field: 'text' },
          color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: '#1b1f24' },
        },
      })),
    ],
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}
