import type { TopLevelSpec } from 'vega-lite';
import { linearFit } from '../../analytics/stats/regression';
import { escapeAttribute, renderVegaLite } from './vega-svg';

export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  /**
   * What the dot says on hover and focus, e.g. "Bow: engagement 71, NPS 30"; default: label;
   * null: never named (a unit whose own survey figures are hidden).
   */
  description?: string | null;
}

/**
 * Above this many units, dots are not named one by one: thousands of tab stops and titles help
 * nobody, and the unit table (and its CSV) names every unit.
 */
export const MAX_NAMED_DOTS = 300;

/** Chart width and height in SVG units: at 350 px (a 390 px phone) 12 px labels stay ≥ 11 px. */
const WIDTH = 290;
const HEIGHT = 230;

const BRAND = '#0b5cad';

/** Units as points, the least-squares line and its 95% confidence band. */
export async function scatterWithFit(
  points: ScatterPoint[],
  axes: { x: string; y: string },
  description: string,
  /** fixed axis ranges (e.g. NPS −100…100), so the band cannot stretch past what is possible */
  domains: { x?: [number, number]; y?: [number, number] } = {},
  /** name each dot on hover and keyboard focus (up to MAX_NAMED_DOTS units) */
  options: { nameDots?: boolean } = {},
): Promise<string> {
  const named = options.nameDots === true && points.length <= MAX_NAMED_DOTS;
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
    data: {
      values: points.map((p) => ({
        ...p,
        description: p.description === null ? null : (p.description ?? p.label),
      })),
    },
    // Unnamed, the dots are one merged path (thousands of units stay small) and the chart's
    // table is the text alternative; named, each dot carries its label for nameDots() below.
    mark: { type: 'circle', size: 42, color: '#1b1f24', opacity: 0.75, aria: named },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: axes.x, scale: scale(domains.x) },
      y: { field: 'y', type: 'quantitative', title: axes.y, scale: scale(domains.y) },
      ...(named ? { description: { field: 'description' } } : {}),
    },
  });
  const svg = await renderVegaLite(
    {
      width: WIDTH,
      height: HEIGHT,
      layer: layers,
      config: { axis: { labelFontSize: 12, titleFontSize: 12 } },
    } as TopLevelSpec,
    description,
    { interactive: named },
  );
  return named
    ? nameDots(
        svg,
        points.filter((p) => p.description !== null).map((p) => p.label),
        WIDTH,
      )
    : svg;
}

/** One dot as vega draws it with an ARIA label: a circle path moved into place. */
const LABELLED_DOT =
  /<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="[^"]*" transform="translate\((-?[\d.]+),(-?[\d.]+)\)"([^>]*)\/>/g;

/**
 * Makes each labelled dot a focusable group with an SVG <title> (the browser's hover tip) and
 * its unit's name as text beside it, which CSS shows on hover and on keyboard focus
 * (.chart-svg .dot in reports.css). `names` are the dots' units in the order vega drew them
 * (the data order); the chart only ever holds units whose figures may be shown.
 */
export function nameDots(svg: string, names: readonly string[], width: number): string {
  let i = 0;
  return svg.replace(LABELLED_DOT, (_match, label: string, x: string, y: string, rest: string) => {
    const name = escapeAttribute(names[i++] ?? '');
    // Names near the right edge go to the left of their dot.
    const left = Number(x) > width * 0.6;
    const tx = Number(x) + (left ? -8 : 8);
    return (
      `<g class="dot" tabindex="0" role="img" aria-label="${label}"><title>${label}</title>` +
      `<path transform="translate(${x},${y})"${rest}/>` +
      `<text class="dot-name" x="${tx}" y="${Number(y) + 4}" text-anchor="${left ? 'end' : 'start'}">${name}</text></g>`
    );
  });
}
