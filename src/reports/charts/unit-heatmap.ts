import type { TopLevelSpec } from 'vega-lite';
import { estimateTextWidth, renderVegaLite } from './vega-svg';

/**
 * Sized for a 390 px phone: the chart is about 350 SVG units wide with four indices, so its
 * 13 px text stays above 11 px when the SVG is scaled to the screen.
 */
const LABEL_LIMIT = 118;
const FONT_SIZE = 13;
const COLUMN_STEP = 56;

export interface UnitHeatCell {
  /** the unit's name, indented by `depth` */
  row: string;
  depth: number;
  column: string;
  value: number | null;
  hidden: boolean;
  /** the unit's page, when the reader may open it (none: the whole company, or out of scope) */
  href?: string | null;
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
    const text = c.hidden ? 'hidden' : c.value === null ? '—' : c.value.toFixed(0);
    return {
      row: label,
      column: c.column,
      href: c.href ?? null,
      description: `${c.row}, ${c.column}: ${text}. Open ${c.row}’s page`,
      text,
      blank,
      shade: blank ? mid : c.value,
      dark: !blank && (c.value as number) > mid + (hi - lo) * 0.15,
    };
  });
  const labelWidth = Math.min(
    LABEL_LIMIT,
    Math.max(40, ...order.map((label) => estimateTextWidth(label, FONT_SIZE))),
  );
  const spec = {
    data: { values },
    width: { step: COLUMN_STEP },
    height: { step: 30 },
    encoding: {
      x: {
        field: 'column',
        type: 'nominal',
        title: null,
        sort: null,
        // Angled: four index names side by side do not fit a phone's width level.
        axis: {
          orient: 'top',
          labelAngle: -35,
          labelAlign: 'left',
          labelFontSize: FONT_SIZE,
          labelLimit: 130,
          domain: false,
          ticks: false,
        },
      },
      y: {
        field: 'row',
        type: 'nominal',
        title: null,
        sort: order,
        axis: {
          labelLimit: LABEL_LIMIT,
          labelFontSize: FONT_SIZE,
          labelAlign: 'left',
          labelPadding: labelWidth + 8,
          domain: false,
          ticks: false,
        },
      },
    },
    layer: [
      ...[false, true].map((linked) => ({
        // Cells of units the reader may open are links (vega wraps them in <a>); linkCells() below
        // gives each link its name.
        transform: [{ filter: linked ? 'datum.href !== null' : 'datum.href === null' }],
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2, aria: linked },
        encoding: {
          ...(linked ? { href: { field: 'href' }, description: { field: 'description' } } : {}),
          color: {
            condition: { test: 'datum.blank', value: '#dde1e6' },
            field: 'shade',
            type: 'quantitative',
            scale: { domain: [lo, hi], range: ['#f3f7fc', '#0b4f96'], clamp: true },
            title: 'Index',
            legend: {
              orient: 'bottom',
              direction: 'horizontal',
              gradientLength: 160,
              labelFontSize: FONT_SIZE,
              titleFontSize: FONT_SIZE,
            },
          },
        },
      })),
      ...[false, true].map((blank) => ({
        // Figures upright, "hidden" and "—" in italics: separate layers, as a text mark's style
        // cannot be encoded per datum.
        transform: [{ filter: blank ? 'datum.blank' : '!datum.blank' }],
        mark: { type: 'text', fontSize: FONT_SIZE, fontStyle: blank ? 'italic' : 'normal' },
        encoding: {
          text: { field: 'text' },
          color: { condition: { test: 'datum.dark', value: '#ffffff' }, value: '#1b1f24' },
        },
      })),
    ],
  };
  const linked = values.some((v) => v.href !== null);
  const svg = await renderVegaLite(spec as unknown as TopLevelSpec, description, {
    interactive: linked,
  });
  return linked ? linkCells(svg) : svg;
}

/** A linked cell as vega draws it: an <a> around the rect, which carries the ARIA label. */
const LINKED_CELL =
  /<a xlink:href="([^"]*)"><path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="[^"]*"/g;

/**
 * Names each cell link (its unit, the index and the figure) on the link itself (once: the cell
 * prints its figure, and a page of cells is a third of the report's size), and lets clicks on a
 * cell's printed figure reach the link beneath it.
 */
export function linkCells(svg: string): string {
  return svg
    .replace(
      LINKED_CELL,
      (_m, href: string, label: string) =>
        `<a class="cell-link" href="${href}" aria-label="${label}"><path aria-hidden="true"`,
    )
    .replace(
      /<g class="mark-text role-mark/g,
      '<g pointer-events="none" class="mark-text role-mark',
    );
}
