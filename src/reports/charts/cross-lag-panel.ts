import type { TopLevelSpec } from 'vega-lite';
import { estimateTextWidth, renderVegaLite } from './vega-svg';

/**
 * The cross-lagged panel as readers know it from the literature: four boxes (employee and
 * customer side, earlier and later cycle), the two stabilities across the top and bottom, the
 * two lagged correlations as crossing diagonals, and the two same-cycle correlations as dashed
 * lines without arrowheads (they say nothing about order). Every label sits on a white plate
 * so crossing lines never run through the numbers.
 */

export type PanelNode = 'E1' | 'C1' | 'E2' | 'C2';

export interface PanelLink {
  from: PanelNode;
  to: PanelNode;
  label: string;
  /** draw as the leading path (brand colour, thicker) */
  emphasis?: boolean;
}

/**
 * About 400 SVG units wide: on a 390 px phone the panel is drawn at ~350 px, and its 13 px text
 * stays above 11 px.
 */
const W = 400;
const H = 320;
const BOX_W = 150;
const BOX_H = 52;
const CENTER: Record<PanelNode, { x: number; y: number }> = {
  E1: { x: 78, y: 66 },
  E2: { x: W - 78, y: 66 },
  C1: { x: 78, y: H - 66 },
  C2: { x: W - 78, y: H - 66 },
};
/** Stability labels sit above the top boxes and below the bottom ones: the gap between is narrow. */
const OUTSIDE = BOX_H / 2 + 14;
const BRAND = '#0b5cad';
const GREY = '#59636e';
const FONT_SIZE = 13;

/** Where a line from a box's centre towards `toward` leaves the box. */
function boxEdge(node: PanelNode, toward: { x: number; y: number }) {
  const c = CENTER[node];
  const dx = toward.x - c.x;
  const dy = toward.y - c.y;
  const scale = Math.min(
    dx === 0 ? Infinity : BOX_W / 2 / Math.abs(dx),
    dy === 0 ? Infinity : BOX_H / 2 / Math.abs(dy),
  );
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

function segment(link: PanelLink, directed: boolean) {
  const start = boxEdge(link.from, CENTER[link.to]);
  const end = boxEdge(link.to, CENTER[link.from]);
  const gap = directed ? 6 : 4;
  const length = Math.hypot(end.x - start.x, end.y - start.y);
  const ux = (end.x - start.x) / length;
  const uy = (end.y - start.y) / length;
  const from = { x: start.x + ux * gap, y: start.y + uy * gap };
  const to = { x: end.x - ux * gap, y: end.y - uy * gap };
  const diagonal = link.from[1] !== link.to[1] && link.from[0] !== link.to[0];
  // Diagonal labels sit a quarter of the way along, where the two diagonals are far apart.
  const t = diagonal ? 0.27 : 0.5;
  const horizontal = link.from[0] === link.to[0];
  const label = {
    x: from.x + (to.x - from.x) * t,
    y: horizontal
      ? from.y + (link.from[0] === 'E' ? -OUTSIDE : OUTSIDE)
      : from.y + (to.y - from.y) * t,
  };
  return {
    ...link,
    x: from.x,
    y: from.y,
    x2: to.x,
    y2: to.y,
    lx: label.x,
    ly: label.y,
    plateX: label.x - estimateTextWidth(link.label, FONT_SIZE, link.emphasis) / 2 - 4,
    plateX2: label.x + estimateTextWidth(link.label, FONT_SIZE, link.emphasis) / 2 + 4,
    plateY: label.y - 10,
    plateY2: label.y + 10,
    // Vega's triangle points up; rotate it along the line (screen y grows downwards).
    angle: (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI + 90,
    directed,
  };
}

const x = (field: string) => ({
  field,
  type: 'quantitative' as const,
  scale: { domain: [0, W], nice: false, zero: false },
  axis: null,
});
const y = (field: string) => ({
  field,
  type: 'quantitative' as const,
  scale: { domain: [H, 0], nice: false, zero: false },
  axis: null,
});
const colour = {
  condition: { test: 'datum.emphasis', value: BRAND },
  value: GREY,
};

export async function crossLagPanel(
  names: Record<PanelNode, string>,
  arrows: PanelLink[],
  sameCycle: PanelLink[],
  description: string,
): Promise<string> {
  const lines = [
    ...arrows.map((a) => segment(a, true)),
    ...sameCycle.map((s) => segment(s, false)),
  ];
  const boxes = (Object.keys(CENTER) as PanelNode[]).map((key) => ({
    key,
    name: names[key],
    x: CENTER[key].x - BOX_W / 2,
    x2: CENTER[key].x + BOX_W / 2,
    y: CENTER[key].y - BOX_H / 2,
    y2: CENTER[key].y + BOX_H / 2,
    cx: CENTER[key].x,
    cy: CENTER[key].y,
    employee: key[0] === 'E',
  }));
  const spec = {
    width: W,
    height: H,
    layer: [
      {
        data: { values: lines },
        mark: { type: 'rule' },
        encoding: {
          x: x('x'),
          y: y('y'),
          x2: { field: 'x2' },
          y2: { field: 'y2' },
          color: colour,
          strokeWidth: { condition: { test: 'datum.emphasis', value: 3 }, value: 1.6 },
          strokeDash: { condition: { test: '!datum.directed', value: [5, 4] }, value: [1, 0] },
        },
      },
      {
        data: { values: lines.filter((l) => l.directed) },
        mark: { type: 'point', shape: 'triangle', filled: true, size: 110, opacity: 1 },
        encoding: {
          x: x('x2'),
          y: y('y2'),
          angle: { field: 'angle', type: 'quantitative', scale: null },
          color: colour,
        },
      },
      {
        data: { values: boxes },
        mark: { type: 'rect', cornerRadius: 6, strokeWidth: 1.5, stroke: '#0d2740' },
        encoding: {
          x: x('x'),
          x2: { field: 'x2' },
          y: y('y'),
          y2: { field: 'y2' },
          color: { condition: { test: 'datum.employee', value: '#e8f1fa' }, value: '#fdf0e6' },
        },
      },
      {
        data: { values: boxes },
        mark: {
          type: 'text',
          fontSize: FONT_SIZE,
          fontWeight: 'bold',
          color: '#0d2740',
          lineBreak: '\n',
          baseline: 'middle',
          lineHeight: 16,
          // two lines: lift the first so the pair is centred in the box
          dy: -8,
        },
        encoding: { x: x('cx'), y: y('cy'), text: { field: 'name' } },
      },
      {
        data: { values: lines },
        mark: { type: 'rect', color: '#ffffff', opacity: 0.95 },
        encoding: {
          x: x('plateX'),
          x2: { field: 'plateX2' },
          y: y('plateY'),
          y2: { field: 'plateY2' },
        },
      },
      ...[false, true].map((emphasis) => ({
        data: { values: lines.filter((l) => (l.emphasis ?? false) === emphasis) },
        mark: {
          type: 'text',
          fontSize: FONT_SIZE,
          baseline: 'middle',
          fontWeight: emphasis ? 'bold' : 'normal',
          color: emphasis ? BRAND : '#1b1f24',
        },
        encoding: { x: x('lx'), y: y('ly'), text: { field: 'label' } },
      })),
    ],
  };
  return renderVegaLite(spec as unknown as TopLevelSpec, description);
}
