/**
 * A dimension is stored as a key (`engagement`, `psychological_safety`) and shown by one label
 * everywhere (survey editor, question bank, report indices), so a dimension the company names
 * itself reads the same on every page.
 */

/** The dimensions the built-in templates use, employee side first. */
export const BUILTIN_DIMENSIONS = [
  'engagement',
  'enablement',
  'manager',
  'wellbeing',
  'loyalty',
  'satisfaction',
  'trust',
  'respect',
  'responsiveness',
  'effort',
] as const;

/** Longest dimension key. */
export const DIMENSION_KEY_MAX = 40;

/**
 * The key of a dimension name as a person types it: "Psychological safety" →
 * `psychological_safety`. Null when nothing usable is left (no letter to start with, too long).
 */
export function dimensionKey(name: string): string | null {
  const key = name
    .trim()
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z][a-z0-9_]*$/.test(key) && key.length <= DIMENSION_KEY_MAX ? key : null;
}

/** How a dimension key is shown: `psychological_safety` → "Psychological safety". */
export function dimensionLabel(key: string): string {
  const words = key.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
