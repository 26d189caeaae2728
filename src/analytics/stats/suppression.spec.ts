import fc from 'fast-check';
import { HierarchyCount, suppressHierarchy, UnitSuppression } from './suppression';

/**
 * Independent oracle: a hidden cell is derivable when its unit vector lies in the row space
 * of the sum equations over the hidden cells (Gaussian elimination, not peeling).
 */
function derivableSmallCells(
  units: readonly HierarchyCount[],
  result: Map<string, UnitSuppression>,
  min: number,
): string[] {
  const ids = new Set(units.map((u) => u.id));
  const kids = new Map<string, HierarchyCount[]>();
  for (const u of units) {
    if (u.parentId !== null && ids.has(u.parentId))
      kids.set(u.parentId, [...(kids.get(u.parentId) ?? []), u]);
  }
  type Cell = { name: string; n: number; hidden: boolean };
  const cells: Cell[] = [];
  const index = new Map<string, number>();
  for (const u of units) {
    const s = result.get(u.id)!;
    index.set(`s:${u.id}`, cells.push({ name: `s:${u.id}`, n: u.n, hidden: s.subtree.hidden }) - 1);
    const children = kids.get(u.id);
    if (children) {
      const own = u.n - children.reduce((t, c) => t + c.n, 0);
      index.set(`o:${u.id}`, cells.push({ name: `o:${u.id}`, n: own, hidden: s.own.hidden }) - 1);
    }
  }
  const unknown = cells.map((c, i) => (c.hidden && c.n > 0 ? i : -1)).filter((i) => i >= 0);
  const column = new Map(unknown.map((cell, col) => [cell, col]));
  const rows: number[][] = [];
  for (const [parent, children] of kids) {
    const row = new Array<number>(unknown.length).fill(0);
    const add = (cell: number, sign: number) => {
      const col = column.get(cell);
      if (col !== undefined) row[col] += sign;
    };
    add(index.get(`s:${parent}`)!, 1);
    add(index.get(`o:${parent}`)!, -1);
    for (const c of children) add(index.get(`s:${c.id}`)!, -1);
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  const rank = (matrix: number[][]): number => {
    const m = matrix.map((r) => [...r]);
    let r = 0;
    for (let col = 0; col < unknown.length && r < m.length; col++) {
      const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[col]) > 1e-9);
      if (pivot < 0) continue;
      [m[r], m[pivot]] = [m[pivot], m[r]];
      for (let i = 0; i < m.length; i++) {
        if (i === r || Math.abs(m[i][col]) < 1e-12) continue;
        const f = m[i][col] / m[r][col];
        for (let j = col; j < unknown.length; j++) m[i][j] -= f * m[r][j];
      }
      r++;
    }
    return r;
  };
  const base = rank(rows);
  return unknown
    .filter((cell) => cells[cell].n < min)
    .filter((cell) => {
      const unit = new Array<number>(unknown.length).fill(0);
      unit[column.get(cell)!] = 1;
      return rank([...rows, unit]) === base;
    })
    .map((cell) => cells[cell].name);
}

const hiddenIds = (result: Map<string, UnitSuppression>) =>
  [...result].filter(([, s]) => s.subtree.hidden).map(([id]) => id);

describe(suppressHierarchy.name, () => {
  it('hides a group below the threshold and shows the others', () => {
    const result = suppressHierarchy(
      [
        { id: 'a', parentId: null, n: 4 },
        { id: 'b', parentId: null, n: 12 },
      ],
      { min: 5 },
    );
    expect(result.get('a')!.subtree).toEqual({ hidden: true, code: 'below-threshold' });
    expect(result.get('b')!.subtree).toEqual({ hidden: false });
  });

  it('hides the next-smallest sibling when one small child sits beside a visible parent', () => {
    const units = [
      { id: 'p', parentId: null, n: 16 },
      { id: 'small', parentId: 'p', n: 3 },
      { id: 'six', parentId: 'p', n: 6 },
      { id: 'seven', parentId: 'p', n: 7 },
    ];
    const result = suppressHierarchy(units, { min: 5 });
    expect(result.get('small')!.subtree).toEqual({ hidden: true, code: 'below-threshold' });
    expect(result.get('six')!.subtree).toEqual({ hidden: true, code: 'complementary' });
    expect(result.get('seven')!.subtree.hidden).toBe(false);
    expect(result.get('p')!.subtree.hidden).toBe(false);
    expect(derivableSmallCells(units, result, 5)).toEqual([]);
  });

  it('blocks the subtraction of parent minus visible children when the parent has its own small group', () => {
    // p has 2 responses of its own; its children are all big enough.
    const units = [
      { id: 'p', parentId: null, n: 22 },
      { id: 'x', parentId: 'p', n: 9 },
      { id: 'y', parentId: 'p', n: 11 },
    ];
    const result = suppressHierarchy(units, { min: 5 });
    expect(result.get('p')!.own).toEqual({ hidden: true, code: 'below-threshold' });
    expect(result.get('x')!.subtree).toEqual({ hidden: true, code: 'complementary' });
    expect(result.get('y')!.subtree.hidden).toBe(false);
    expect(derivableSmallCells(units, result, 5)).toEqual([]);
  });

  it('leaves two small siblings alone when neither can be told apart from the other', () => {
    const units = [
      { id: 'p', parentId: null, n: 20 },
      { id: 'a', parentId: 'p', n: 3 },
      { id: 'b', parentId: 'p', n: 4 },
      { id: 'c', parentId: 'p', n: 13 },
    ];
    const result = suppressHierarchy(units, { min: 5 });
    expect(hiddenIds(result).sort()).toEqual(['a', 'b']);
    expect(derivableSmallCells(units, result, 5)).toEqual([]);
  });

  it('does not treat an empty sibling as protection', () => {
    const units = [
      { id: 'p', parentId: null, n: 13 },
      { id: 'a', parentId: 'p', n: 3 },
      { id: 'empty', parentId: 'p', n: 0 },
      { id: 'c', parentId: 'p', n: 10 },
    ];
    const result = suppressHierarchy(units, { min: 5 });
    expect(result.get('empty')!.subtree).toEqual({ hidden: true, code: 'no-responses' });
    // a is otherwise p − c: the parent itself must go.
    expect(result.get('p')!.subtree.hidden || result.get('c')!.subtree.hidden).toBe(true);
    expect(derivableSmallCells(units, result, 5)).toEqual([]);
  });

  it('stops a subtraction that runs through a grandparent and a hidden middle unit', () => {
    // m is hidden to protect its child s, but m = g − k would give m back, then s = m − t.
    const units = [
      { id: 'g', parentId: null, n: 40 },
      { id: 'm', parentId: 'g', n: 9 },
      { id: 's', parentId: 'm', n: 3 },
      { id: 't', parentId: 'm', n: 6 },
      { id: 'k', parentId: 'g', n: 31 },
    ];
    const result = suppressHierarchy(units, { min: 5 });
    expect(result.get('s')!.subtree.hidden).toBe(true);
    expect(derivableSmallCells(units, result, 5)).toEqual([]);
  });

  it('keeps cells hidden by an earlier pass hidden and protects them as unknowns', () => {
    const units = [
      { id: 'p', parentId: null, n: 20 },
      { id: 'a', parentId: 'p', n: 8 },
      { id: 'b', parentId: 'p', n: 12 },
    ];
    const forced = new Map<string, UnitSuppression>([
      [
        'a',
        {
          subtree: { hidden: true, code: 'complementary' },
          own: { hidden: true, code: 'complementary' },
        },
      ],
    ]);
    const result = suppressHierarchy(units, { min: 5, forced });
    expect(result.get('a')!.subtree).toEqual({ hidden: true, code: 'complementary' });
  });

  it('refuses children that add up to more than their parent', () => {
    expect(() =>
      suppressHierarchy(
        [
          { id: 'p', parentId: null, n: 5 },
          { id: 'a', parentId: 'p', n: 6 },
        ],
        { min: 5 },
      ),
    ).toThrow(RangeError);
  });

  it('never leaves a small group derivable in random org trees', () => {
    const tree = fc
      .array(fc.record({ parent: fc.nat(), own: fc.nat({ max: 14 }) }), {
        minLength: 1,
        maxLength: 14,
      })
      .map((specs) => {
        const own = specs.map((s) => s.own);
        const parent = specs.map((s, i) => (i === 0 ? -1 : s.parent % (i + 1)) - (i === 0 ? 0 : 1));
        const n = [...own];
        for (let i = specs.length - 1; i > 0; i--) if (parent[i] >= 0) n[parent[i]] += n[i];
        return specs.map((_, i) => ({
          id: `u${i}`,
          parentId: parent[i] >= 0 ? `u${parent[i]}` : null,
          n: n[i],
        }));
      });
    fc.assert(
      fc.property(tree, fc.integer({ min: 3, max: 6 }), (units, min) => {
        const result = suppressHierarchy(units, { min });
        expect(derivableSmallCells(units, result, min)).toEqual([]);
        for (const unit of units) {
          const s = result.get(unit.id)!;
          if (unit.n > 0 && unit.n < min) expect(s.subtree.hidden).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
