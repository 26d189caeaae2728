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
  /**
   * the change from the line's previous cycle is significant (see trend-changes.ts): 'up' or
   * 'down' puts a ▲ or ▼ over the point
   */
  change?: 'up' | 'down' | null;
}

/** A panel's vertical axis: where it starts and ends (stated on the panel). */
export interface PanelAxis {
  measure: string;
  domain: [number, number];
}

const COLOURS = ['#0b5cad', '#b34700', '#1e6b34'];
/**
 * Two panels a row, each ~120 units wide: about 360 units in all, drawn at ~350 px on a 390 px
 * phone, so 12–13 px text stays ≥ 11 px.
 */
const PANEL_WIDTH = 112;
const PANEL_HEIGHT = 110;
const LABEL_FONT_SIZE = 12;
/** Room kept between two level cycle labels. */
const LABEL_GAP = 6;
const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
];

/**
 * Small multiples: one panel per measure (each on its own scale, since an index, an NPS and a
 * turnover rate do not share one), one line per group, cycles in the order given. Each panel
 * says where its axis starts ("axis from 60"), since a trend drawn from 60 rather than 0 looks
 * steeper than it is; the latest value of each line is printed at its end, and significant
 * changes from the cycle before are marked ▲/▼.
 */
export async function trendPanels(
  values: TrendValue[],
  order: { cycles: string[]; measures: string[]; groups: string[] },
  description: string,
  axes: PanelAxis[] = [],
): Promise<string> {
  const last = order.cycles[order.cycles.length - 1];
  const rows = values.map((v) => ({
    ...v,
    label: v.cycle === last ? formatScore(v.value) : '',
    mark: v.change === 'up' ? '▲' : v.change === 'down' ? '▼' : '',
  }));
  const groups = order.groups;
  // Cycle labels sit level while they fit side by side; more cycles are set at an angle.
  // A label like "2024-Q1" may sit level on two lines ("2024" over "Q1").
  const step = PANEL_WIDTH / Math.max(1, order.cycles.length);
  const lines = (c: string) => c.split('-');
  const widest = Math.max(
    0,
    ...order.cycles.flatMap((c) => lines(c).map((l) => estimateTextWidth(l, LABEL_FONT_SIZE))),
  );
  const labelAngle = widest + LABEL_GAP <= step ? 0 : -45;
  const labelExpr = labelAngle === 0 ? "split(datum.label, '-')" : 'datum.label';
  // Colour and dash share one legend (same field), shown when there is more than one line.
  const legend = groups.length > 1 ? { title: null, orient: 'top', labelFontSize: 13 } : null;
  const color = {
    field: 'group',
    type: 'nominal',
    sort: groups,
    scale: { domain: groups, range: COLOURS.slice(0, groups.length) },
    legend,
  };
  const panel = (measure: string) => {
    const domain = axes.find((a) => a.measure === measure)?.domain;
    return {
      title: {
        text: measure,
        subtitle: domain ? `axis ${axisRange(domain)}` : '',
        anchor: 'start',
        fontSize: 13,
        subtitleFontSize: 12,
        subtitleColor: '#4a5560',
        color: '#1b1f24',
      },
      transform: [{ filter: { field: 'measure', equal: measure } }],
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      encoding: {
        x: {
          field: 'cycle',
          type: 'ordinal',
          sort: order.cycles,
          scale: { domain: order.cycles },
          title: null,
          axis: { labelAngle, labelExpr, labelFontSize: LABEL_FONT_SIZE, labelLineHeight: 14 },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          title: null,
          scale: domain ? { domain, nice: false, zero: false } : { zero: false, padding: 12 },
          axis: { tickCount: 3, labelFontSize: LABEL_FONT_SIZE },
        },
        color,
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
          mark: { type: 'text', align: 'left', dx: 6, fontSize: 12, fontWeight: 'bold' },
          encoding: { text: { field: 'label' } },
        },
        {
          mark: { type: 'text', baseline: 'bottom', dy: -6, fontSize: 12 },
          encoding: { text: { field: 'mark' } },
        },
      ],
    };
  };
  const spec = {
    data: { values: rows },
    columns: 2,
    spacing: { row: 24, column: 36 },
    concat: order.measures.map(panel),
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    padding: { left: 5, right: 30, top: 5, bottom: 5 },
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}

/** "from 60 to 80", "from −100 to 100" */
export function axisRange([lo, hi]: [number, number]): string {
  return `from ${formatScore(lo)} to ${formatScore(hi)}`;
}
