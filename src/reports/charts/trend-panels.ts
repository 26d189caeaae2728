import type { TopLevelSpec } from 'vega-lite';
import { formatScore } from '../report-format';
import { estimateTextWidth, renderVegaLite } from './vega-svg';

export interface TrendValue {
  cycle: string;
  /** the panel, e.g. "Engagement index" */
  measure: string;
  /** the line within a panel, e.g. a unit's name or "Whole company" */
  group: string;
  value: number;
}

const COLOURS = ['#0b5cad', '#b34700', '#1e6b34'];
const PANEL_WIDTH = 190;
const LABEL_FONT_SIZE = 11;
/** Room kept between two level cycle labels. */
const LABEL_GAP = 6;
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

/**
 * Small multiples: one panel per measure (each on its own scale, since an index, an NPS and a
 * turnover rate do not share one), one line per group, cycles in the order given. The latest
 * value of each line is printed at its end, so the chart reads without a table and in print.
 */
export async function trendPanels(
  values: TrendValue[],
  order: { cycles: string[]; measures: string[]; groups: string[] },
  description: string,
): Promise<string> {
  const last = order.cycles[order.cycles.length - 1];
  const rows = values.map((v) => ({
    ...v,
    label: v.cycle === last ? formatScore(v.value) : '',
  }));
  const groups = order.groups;
  // Cycle labels sit level while they fit side by side, e.g. four "2025-Q4" labels; more
  // cycles would run them into each other, so they are then set at an angle.
  const step = PANEL_WIDTH / Math.max(1, order.cycles.length);
  const widest = Math.max(0, ...order.cycles.map((c) => estimateTextWidth(c, LABEL_FONT_SIZE)));
  const labelAngle = widest + LABEL_GAP <= step ? 0 : -45;
  // Colour and dash share one legend (same field), shown when there is more than one line.
  const legend = groups.length > 1 ? { title: null, orient: 'top', labelFontSize: 12 } : null;
  const spec = {
    data: { values: rows },
    facet: {
      field: 'measure',
      type: 'nominal',
      title: null,
      sort: order.measures,
      header: {
        labelFontSize: 13,
        labelFontWeight: 'bold',
        labelAnchor: 'start',
        labelColor: '#1b1f24',
      },
    },
    columns: 3,
    spacing: { row: 28, column: 36 },
    spec: {
      width: PANEL_WIDTH,
      height: 120,
      encoding: {
        x: {
          field: 'cycle',
          type: 'ordinal',
          sort: order.cycles,
          scale: { domain: order.cycles },
          title: null,
          axis: { labelAngle, labelFontSize: LABEL_FONT_SIZE },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: null,
          scale: { zero: false, padding: 12 },
          axis: { tickCount: 4, labelFontSize: 11 },
        },
        color: {
          field: 'group',
          type: 'nominal',
          sort: groups,
          scale: { domain: groups, range: COLOURS.slice(0, groups.length) },
          legend,
        },
      },
      layer: [
        {
          mark: { type: 'line', strokeWidth: 2.2, point: { size: 36, filled: true } },
          encoding: {
            strokeDash: {
              field: 'group',
              type: 'nominal',
              sort: groups,
              scale: { domain: groups, range: DASHES.slice(0, groups.length) },
              legend,
            },
          },
        },
        {
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 11, fontWeight: 'bold' },
          encoding: { text: { field: 'label' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}
