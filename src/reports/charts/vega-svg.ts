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

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string on the server (no browser, no canvas).
 * The SVG is marked as an image with the given accessible description; pages pair it with a table.
 */
export async function renderVegaLite(spec: TopLevelSpec, description: string): Promise<string> {
  const full = {
    ...spec,
    description,
    config: { ...BASE_CONFIG, ...(spec.config ?? {}) },
  } as TopLevelSpec;
  const vegaSpec = compile(full).spec;
  const view = new View(parse(vegaSpec), { renderer: 'none' });
  const svg = compactNumbers(await view.toSVG());
  view.finalize();
  return svg.replace(
    '<svg ',
    `<svg role="img" aria-label="${escapeAttribute(description)}" focusable="false" `,
  );
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
