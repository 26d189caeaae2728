import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import * as vega from 'vega';
import { parse, View } from 'vega';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

const BASE_CONFIG = {
  font: FONT,
  background: '#ffffff',
  axis: {
    labelColor: '#1b1f24',
    titleColor: '#1b1f24',
    gridColor: '#e3e8ee',
    labelFontSize: 11,
    titleFontSize: 12,
  },
  legend: { labelColor: '#1b1f24', titleColor: '#1b1f24' },
  view: { stroke: null },
};

/**
 * Text widths for layout and label truncation. Without a canvas, vega guesses 0.8 em for every
 * character, which is nearly half again too wide for a sans-serif: labels were cut off at two
 * thirds of the room they had. These per-character widths (em, a DejaVu/Helvetica-like sans,
 * rounded up) keep estimates a little generous, so text never overruns its space.
 */
const NARROW = new Set([..."iljI.,:;|!'`()[]{} "]);
const SEMI = new Set([...'frt-/"*']);
const WIDE = new Set([...'mwMW@%']);
function charWidth(ch: string): number {
  if (NARROW.has(ch)) return 0.32;
  if (SEMI.has(ch)) return 0.42;
  if (WIDE.has(ch)) return 0.9;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  if (ch >= '0' && ch <= '9') return 0.64;
  return 0.62;
}
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return Math.ceil(em * fontSize * (bold ? 1.08 : 1));
}
interface TextItem {
  fontSize?: number | string;
  fontWeight?: string | number;
  limit?: number;
}
// vega exports its text metrics object but its typings do not declare it.
const { textMetrics } = vega as unknown as {
  textMetrics: { width: (item: TextItem, text: unknown) => number };
};
textMetrics.width = (item, text) => {
  const width = estimateTextWidth(
    String(text ?? '').trim(),
    item.fontSize !== undefined && item.fontSize !== null ? Number(item.fontSize) || 0 : 11,
    item.fontWeight === 'bold' || Number(item.fontWeight) >= 600,
  );
  // Vega truncates text longer than `limit`; what it draws is then at most `limit` wide.
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
};

/** Compiled chart shapes kept (a report draws about ten; reports of other shapes add a few). */
const MAX_SHAPES = 64;
const shapes = new Map<string, vega.Runtime>();

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string on the server (no browser, no canvas).
 * The SVG is marked as an image with the given accessible description; pages pair it with a table.
 *
 * Compiling and parsing take about as long as drawing, and depend only on the chart's shape, not
 * on its data: each inline dataset is given a name, the shape is compiled once and kept, and the
 * data is handed to a fresh view of it each time.
 */
export async function renderVegaLite(
  spec: TopLevelSpec,
  description: string,
  options: RenderOptions = {},
): Promise<string> {
  const datasets: unknown[][] = [];
  const shape = JSON.stringify(withNamedData(spec, datasets));
  let runtime = shapes.get(shape);
  if (runtime === undefined) {
    runtime = parse(compileSpec(JSON.parse(shape) as TopLevelSpec));
    shapes.set(shape, runtime);
    if (shapes.size > MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
  }
  // Each view gets its own copy, so nothing a view sets on its spec can reach the next one.
  const view = new View(structuredClone(runtime), { renderer: 'none' });
  datasets.forEach((values, i) => view.data(datasetName(i), values));
  return finish(view, description, options);
}

export interface RenderOptions {
  /**
   * The chart has parts a reader can focus or follow (named dots, linked cells): the SVG is a
   * labelled group rather than one image, whose parts assistive technology would not reach.
   */
  interactive?: boolean;
}

/** renderVegaLite without the kept shapes: the data inline, compiled on every call. */
export async function renderVegaLiteUncached(
  spec: TopLevelSpec,
  description: string,
): Promise<string> {
  return finish(new View(parse(compileSpec(spec)), { renderer: 'none' }), description);
}

function compileSpec(spec: TopLevelSpec): vega.Spec {
  // The description is not drawn; the SVG gets it as its accessible name below.
  return compile({ ...spec, config: { ...BASE_CONFIG, ...(spec.config ?? {}) } }).spec;
}

async function finish(
  view: View,
  description: string,
  options: RenderOptions = {},
): Promise<string> {
  const drawn = mergeDots(compactNumbers(dropDefaults(await view.toSVG())));
  view.finalize();
  const svg = options.interactive ? drawn : dropInnerSemantics(drawn);
  const label = `aria-label="${escapeAttribute(description)}"`;
  return svg.replace(
    '<svg ',
    options.interactive
      ? `<svg role="group" ${label} `
      : `<svg role="img" ${label} focusable="false" `,
  );
}

const datasetName = (i: number) => `inline_${i}`;

/**
 * A copy of the spec with every `data: { values }` replaced by a named dataset, the values
 * collected in `datasets` in the order the names are given.
 */
function withNamedData(node: unknown, datasets: unknown[][]): unknown {
  if (Array.isArray(node)) return node.map((item) => withNamedData(item, datasets));
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const data = value as { values?: unknown } | null;
    if (key === 'data' && data !== null && typeof data === 'object' && Array.isArray(data.values)) {
      const { values, ...rest } = data;
      copy[key] = { ...rest, name: datasetName(datasets.push(values as unknown[]) - 1) };
    } else {
      copy[key] = withNamedData(value, datasets);
    }
  }
  return copy;
}

/** Geometry attributes whose numbers vega writes at full double precision. */
const GEOMETRY = /\s(?:d|transform|x|y|x1|x2|y1|y2|width|height|points)="[^"]*"/g;

/**
 * Rounds coordinates to a tenth of a pixel: invisible on screen and in print, and it halves a
 * scatter of two thousand units.
 */
export function compactNumbers(svg: string): string {
  return svg.replace(GEOMETRY, (attribute) =>
    attribute.replace(/-?\d+\.\d{2,}/g, (n) => String(Math.round(Number(n) * 10) / 10)),
  );
}

export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A group of unlabelled symbol marks (aria-hidden: the chart's table is their text). */
const SYMBOL_GROUP =
  /(<g class="mark-symbol role-mark[^"]*" aria-hidden="true">)((?:<path [^>]*\/>)+)(<\/g>)/g;
/** One circle as vega draws it: moved into place, the same circle path for every point. */
const CIRCLE =
  /^<path transform="translate\((-?[\d.]+),(-?[\d.]+)\)" d="M(\d+(?:\.\d+)?),0A\3,\3,0,1,1,-\3,0A\3,\3,0,1,1,\3,0" fill="(#[0-9a-f]{3,6})"(?: stroke-width="[\d.]+")?(?: opacity="([\d.]+)")?\/>$/;

/**
 * Draws a scatter's points as one path of zero-length strokes with round caps (a dot each)
 * instead of one circle element per point: the same dots, at a tenth of the bytes, for a
 * scatter of thousands of units. Overlapping dots no longer darken each other; the density
 * shows in the table. Groups that do not match the expected shape are left as they are.
 */
export function mergeDots(svg: string): string {
  return svg.replace(SYMBOL_GROUP, (group: string, open: string, paths: string, close: string) => {
    const circles = paths.match(/<path [^>]*\/>/g) ?? [];
    let radius: string | undefined;
    let fill: string | undefined;
    let opacity: string | undefined;
    const moves: string[] = [];
    for (const circle of circles) {
      const m = CIRCLE.exec(circle);
      if (m === null) return group;
      if (radius === undefined) [radius, fill, opacity] = [m[3], m[4], m[5]];
      else if (m[3] !== radius || m[4] !== fill || m[5] !== opacity) return group;
      moves.push(`M${m[1]},${m[2]}h0`);
    }
    if (moves.length < 2 || radius === undefined || fill === undefined) return group;
    const width = Math.round(Number(radius) * 20) / 10;
    const faded = opacity === undefined ? '' : ` stroke-opacity="${opacity}"`;
    return `${open}<path d="${moves.join('')}" fill="none" stroke="${fill}" stroke-width="${width}" stroke-linecap="round"${faded}/>${close}`;
  });
}

const FONT_ATTRIBUTE = / font-family="([^"]*)"/g;

/**
 * Says once what vega says on every element: the font (on the root, where every text inherits
 * it), and drops `opacity="1"`, which only restates the default. The drawing is unchanged; a
 * page of charts loses a tenth of its bytes.
 */
/**
 * Inside an SVG shown as one image (role="img"), its parts are presentational: the roles, ARIA
 * names and empty background boxes vega writes on every group and axis are never read, and in a
 * grid of small trend panels they were most of its bytes. The chart's accessible name and its
 * table carry the content.
 */
export function dropInnerSemantics(svg: string): string {
  return (
    svg
      // Every part but a text, which keeps its whole wording (wrapped over lines) in its label.
      .replace(/<(?!text\b)[a-z]+ [^>]*/g, (tag) =>
        tag.replace(
          / role="graphics-[a-z]+"| aria-roledescription="[^"]*"| aria-label="[^"]*"/g,
          '',
        ),
      )
      .replace(/ aria-hidden="true"/g, '')
      .replace(/ pointer-events="none"/g, '')
      .replace(/<path class="background" d="M0,0h0v0h0Z"\/>/g, '')
      .replace(/<path class="foreground" d="" display="none"\/>/g, '')
  );
}

export function dropDefaults(svg: string): string {
  const fonts = new Set([...svg.matchAll(FONT_ATTRIBUTE)].map((m) => m[1]));
  let out = svg.replace(/ opacity="1"/g, '');
  if (fonts.size === 1) {
    const [font] = fonts;
    out = out.replace(FONT_ATTRIBUTE, '').replace('<svg ', `<svg font-family="${font}" `);
  }
  return out;
}
