/**
 * Anonymity for employee-side figures shown over an org tree (docs/methods.md, "What reports
 * hide"; the promise it keeps: README, "Anonymity: what is promised, and its limits").
 *
 * Every figure we publish is additive (counts, sums, sums of squares), so a unit's subtree
 * figure equals its own responses plus its children's subtree figures. Two kinds of cells:
 * - `subtree`: all responses in the unit's subtree (the row a heatmap or dashboard shows);
 * - `own`: the unit's own responses without its children (what a unit-level linkage point
 *   shows); for a leaf it is the same cell as `subtree`.
 * Each parent gives one equation: subtree(P) = own(P) + Σ subtree(child).
 *
 * Primary suppression hides cells with 0 < n < min. Complementary suppression then hides
 * more cells until no hidden small cell can be solved from the visible ones: an equation
 * with exactly one unknown cell gives that cell away, and solved cells make further
 * equations solvable (peeling). On a tree of sum equations peeling finds every cell that
 * linear algebra could, so "not solvable by peeling" means "not derivable". When a small
 * cell is derivable we hide the smallest visible cell of the equation that gave it away
 * (the next-smallest sibling), preferring cells that cannot themselves be solved elsewhere,
 * and the parent only as a last resort; then we check again.
 *
 * Cells with n = 0 are treated as known (empty groups reveal nothing) but are reported as
 * hidden with code 'no-responses', since there is no figure to show.
 */

export type SuppressionCode = 'no-responses' | 'below-threshold' | 'complementary';

export type CellVisibility = { hidden: false } | { hidden: true; code: SuppressionCode };

export interface HierarchyCount {
  id: string;
  /** null, or an id not in the list, makes the unit a root */
  parentId: string | null;
  /** responses (or answers) in the unit's whole subtree, the unit itself included */
  n: number;
}

export interface UnitSuppression {
  subtree: CellVisibility;
  own: CellVisibility;
}

export interface SuppressionOptions {
  /** smallest group whose figure may be shown */
  min: number;
  /**
   * Cells already hidden by an earlier pass (e.g. the response-count pass when suppressing one
   * item's figures): they stay hidden with their code and count as unknown.
   */
  forced?: ReadonlyMap<string, UnitSuppression>;
}

interface Cell {
  unitId: string;
  kind: 'subtree' | 'own';
  n: number;
  hidden: boolean;
  code: SuppressionCode | null;
  /** equations the cell takes part in */
  equations: number[];
}

interface Equation {
  /** the parent's subtree cell */
  total: number;
  /** the parent's own cell and its children's subtree cells */
  parts: number[];
}

const VISIBLE: CellVisibility = { hidden: false };

export function suppressHierarchy(
  units: readonly HierarchyCount[],
  options: SuppressionOptions,
): Map<string, UnitSuppression> {
  const { min } = options;
  if (!(min >= 1)) throw new RangeError(`min must be at least 1, got ${min}`);
  const ids = new Set(units.map((u) => u.id));
  if (ids.size !== units.length) throw new RangeError('duplicate unit ids');
  const children = new Map<string, HierarchyCount[]>();
  for (const unit of units) {
    if (!Number.isInteger(unit.n) || unit.n < 0)
      throw new RangeError(`unit ${unit.id}: n must be a non-negative integer, got ${unit.n}`);
    if (unit.parentId !== null && ids.has(unit.parentId)) {
      const list = children.get(unit.parentId) ?? [];
      list.push(unit);
      children.set(unit.parentId, list);
    }
  }

  const cells: Cell[] = [];
  const subtreeCell = new Map<string, number>();
  const ownCell = new Map<string, number>();
  const addCell = (unitId: string, kind: Cell['kind'], n: number): number => {
    const forced = options.forced?.get(unitId)?.[kind];
    const hidden = n === 0 || n < min || (forced?.hidden ?? false);
    const code: SuppressionCode | null =
      n === 0 ? 'no-responses' : n < min ? 'below-threshold' : forced?.hidden ? forced.code : null;
    cells.push({ unitId, kind, n, hidden, code: hidden ? code : null, equations: [] });
    return cells.length - 1;
  };
  for (const unit of units) {
    const subtree = addCell(unit.id, 'subtree', unit.n);
    subtreeCell.set(unit.id, subtree);
    const kids = children.get(unit.id);
    if (kids === undefined) {
      ownCell.set(unit.id, subtree);
      continue;
    }
    const own = unit.n - kids.reduce((total, kid) => total + kid.n, 0);
    if (own < 0)
      throw new RangeError(`unit ${unit.id}: its children have more responses than it has`);
    ownCell.set(unit.id, addCell(unit.id, 'own', own));
  }

  // Nothing small, nothing to protect: no cell needs hiding beyond its own, so the result is
  // what the loop below returns after finding no leak.
  const isSmall = (cell: Cell) => cell.n > 0 && cell.n < min;
  if (!cells.some(isSmall)) return collect(units, cells, subtreeCell, ownCell);

  const equations: Equation[] = [];
  for (const [parentId, kids] of children) {
    const equation: Equation = {
      total: subtreeCell.get(parentId)!,
      parts: [ownCell.get(parentId)!, ...kids.map((kid) => subtreeCell.get(kid.id)!)],
    };
    const index = equations.push(equation) - 1;
    for (const cell of [equation.total, ...equation.parts]) cells[cell].equations.push(index);
  }

  for (let guard = 0; guard <= cells.length; guard++) {
    const derivedBy = peel(cells, equations);
    const leak = [...derivedBy.keys()].sort((a, b) => a - b).find((c) => isSmall(cells[c]));
    if (leak === undefined) return collect(units, cells, subtreeCell, ownCell);
    const target = chooseComplement(leak, cells, equations, derivedBy);
    if (target === null) break;
    cells[target].hidden = true;
    cells[target].code = 'complementary';
  }
  // Unreachable on consistent input; fail closed rather than publish a derivable figure.
  for (const cell of cells) {
    if (!cell.hidden) {
      cell.hidden = true;
      cell.code = 'complementary';
    }
  }
  return collect(units, cells, subtreeCell, ownCell);
}

/** Hidden cells with n > 0 that the visible cells give away, each with the equation that did. */
function peel(cells: readonly Cell[], equations: readonly Equation[]): Map<number, number> {
  const known = cells.map((cell) => !cell.hidden || cell.n === 0);
  const derivedBy = new Map<number, number>();
  const pending = equations.map((_, i) => i);
  const queued = new Set(pending);
  while (pending.length > 0) {
    const index = pending.pop()!;
    queued.delete(index);
    const { total, parts } = equations[index];
    const unknown = [total, ...parts].filter((cell) => !known[cell]);
    if (unknown.length !== 1) continue;
    const [cell] = unknown;
    known[cell] = true;
    derivedBy.set(cell, index);
    for (const next of cells[cell].equations) {
      if (!queued.has(next)) {
        queued.add(next);
        pending.push(next);
      }
    }
  }
  return derivedBy;
}

/**
 * The visible cell to hide so that `leak` can no longer be solved: the smallest visible part
 * of the equation that solved it (a cell that cannot be re-solved through its other equation
 * first), the equation's total last; if that equation has nothing left to hide, the equations
 * that solved its other unknowns, in turn.
 */
function chooseComplement(
  leak: number,
  cells: readonly Cell[],
  equations: readonly Equation[],
  derivedBy: ReadonlyMap<number, number>,
): number | null {
  const known = (cell: number) => !cells[cell].hidden || cells[cell].n === 0 || derivedBy.has(cell);
  const solvableElsewhere = (cell: number, via: number) =>
    cells[cell].equations.some((e) => {
      if (e === via) return false;
      const { total, parts } = equations[e];
      return [total, ...parts].every((other) => other === cell || known(other));
    });
  const visited = new Set<number>();
  const queue = [derivedBy.get(leak)!];
  while (queue.length > 0) {
    const index = queue.shift()!;
    if (visited.has(index)) continue;
    visited.add(index);
    const { total, parts } = equations[index];
    const candidates = parts
      .filter((cell) => !cells[cell].hidden && cells[cell].n > 0)
      .sort(
        (a, b) =>
          Number(solvableElsewhere(a, index)) - Number(solvableElsewhere(b, index)) ||
          cells[a].n - cells[b].n ||
          (cells[a].kind === 'own' ? -1 : 0) - (cells[b].kind === 'own' ? -1 : 0) ||
          (cells[a].unitId < cells[b].unitId ? -1 : 1),
      );
    if (!cells[total].hidden && cells[total].n > 0) candidates.push(total);
    if (candidates.length > 0) return candidates[0];
    for (const cell of [total, ...parts]) {
      const via = derivedBy.get(cell);
      if (cell !== leak && via !== undefined) queue.push(via);
    }
  }
  return null;
}

function collect(
  units: readonly HierarchyCount[],
  cells: readonly Cell[],
  subtreeCell: ReadonlyMap<string, number>,
  ownCell: ReadonlyMap<string, number>,
): Map<string, UnitSuppression> {
  const visibility = (index: number): CellVisibility => {
    const cell = cells[index];
    return cell.hidden ? { hidden: true, code: cell.code ?? 'complementary' } : VISIBLE;
  };
  return new Map(
    units.map((unit) => [
      unit.id,
      {
        subtree: visibility(subtreeCell.get(unit.id)!),
        own: visibility(ownCell.get(unit.id)!),
      },
    ]),
  );
}
