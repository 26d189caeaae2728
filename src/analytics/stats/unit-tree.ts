import { addStats, StatsByMetric, StatSums } from './unit-metrics';

/** The org tree as analytics needs it: roll-ups along materialized paths and display order. */

export interface TreeUnit {
  id: string;
  parentId: string | null;
  name: string;
  externalId: string;
  /** "/<rootId>/.../<ownId>/" */
  path: string;
}

/** Ancestors of a unit from its path, the unit itself included, root first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Subtree sums per unit: every unit's own stats added into itself and each of its ancestors
 * (sums, sums of squares and counts are additive, so a parent is all responses below it).
 */
export function rollUp(
  units: readonly TreeUnit[],
  own: ReadonlyMap<string, StatsByMetric>,
): Map<string, Map<string, StatSums>> {
  const known = new Set(units.map((u) => u.id));
  const subtree = new Map<string, Map<string, StatSums>>(units.map((u) => [u.id, new Map()]));
  for (const unit of units) {
    const stats = own.get(unit.id);
    if (stats === undefined) continue;
    for (const ancestor of pathIds(unit.path)) {
      if (known.has(ancestor)) addStats(subtree.get(ancestor)!, stats);
    }
  }
  return subtree;
}

/** The order of a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }), made once. */
const NAME_ORDER = new Intl.Collator('en', { sensitivity: 'base' });

/** Depth-first order (siblings by name) of `rootId`'s subtree, or of the whole forest. */
export function treeOrder<U extends TreeUnit>(
  units: readonly U[],
  rootId: string | null,
): { unit: U; depth: number }[] {
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<string | null, U[]>();
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null;
    const siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, [unit]);
    else siblings.push(unit);
  }
  const byName = (a: TreeUnit, b: TreeUnit) =>
    NAME_ORDER.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
  const out: { unit: U; depth: number }[] = [];
  const visit = (unit: U, depth: number) => {
    out.push({ unit, depth });
    for (const child of [...(children.get(unit.id) ?? [])].sort(byName)) visit(child, depth + 1);
  };
  const starts =
    rootId === null
      ? [...(children.get(null) ?? [])].sort(byName)
      : units.filter((u) => u.id === rootId);
  for (const start of starts) visit(start, 0);
  return out;
}
