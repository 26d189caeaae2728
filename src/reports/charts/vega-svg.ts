import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
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
  const svg = await view.toSVG();
  view.finalize();
  return svg.replace(
    '<svg ',
    `<svg role="img" aria-label="${escapeAttribute(description)}" focusable="false" `,
  );
}

export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
