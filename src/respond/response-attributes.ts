/**
 * The attributes an anonymous employee response may carry besides its unit and answers.
 * docs/methods.md, "At close: small units pooled, attributes coarsened"; README, "Anonymity:
 * what is promised, and its limits".
 */
export interface ResponseAttributes {
  unitId: string;
  tenureBand: string | null;
  /** 'YYYY-MM-DD' */
  submittedOn: string;
  /** The language answered in; kept last, only where it splits no group below the minimum. */
  language?: string | null;
}

type Kept = 'band_and_day' | 'band' | 'day' | 'none';

/**
 * Moves the responses of every unit where fewer than `min` people answered to its parent, and
 * on up the tree until the group they join reaches `min` (or the top is reached). Anyone who
 * knows who answered in a unit of two would otherwise read those two people's answers; reports
 * never showed such a unit anyway, and every figure above it is unchanged, since a parent's
 * figures include its whole subtree. `parentOf` maps a unit to its parent (null or missing: a
 * top unit).
 */
export function poolSmallUnits<T extends { unitId: string }>(
  rows: T[],
  parentOf: ReadonlyMap<string, string | null>,
  min: number,
): T[] {
  const depth = (id: string): number => {
    let d = 0;
    const seen = new Set([id]);
    for (let at = parentOf.get(id); at && !seen.has(at); at = parentOf.get(at)) {
      seen.add(at);
      d++;
    }
    return d;
  };
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.unitId, (counts.get(row.unitId) ?? 0) + 1);
  // Every unit that holds answers or could receive them, deepest first: a unit is decided
  // only after every child below it has pooled into it.
  const units = [...new Set([...counts.keys(), ...parentOf.keys()])]
    .map((id) => ({ id, depth: depth(id) }))
    .sort((a, b) => b.depth - a.depth);
  const movedTo = new Map<string, string>();
  for (const { id } of units) {
    const n = counts.get(id) ?? 0;
    const parent = parentOf.get(id) ?? null;
    if (n === 0 || n >= min || parent === null || movedTo.has(parent)) continue;
    counts.set(id, 0);
    counts.set(parent, (counts.get(parent) ?? 0) + n);
    movedTo.set(id, parent);
  }
  const destination = (unit: string): string => {
    let at = unit;
    while (movedTo.has(at)) at = movedTo.get(at)!;
    return at;
  };
  return rows.map((row) => ({ ...row, unitId: destination(row.unitId) }));
}

/**
 * Coarsens attributes so that, among each unit's respondents, every group they form has at
 * least `min` members: anyone who knows who answered (a database reader sees which invitations
 * were used, and each employee's tenure) could otherwise single a response out. Per unit, the
 * first of these that forms no smaller group is kept: tenure band and day together, the band
 * alone, the day alone, neither. A dropped day becomes `fallbackDay` (the day the cycle closed),
 * a dropped band becomes null. Units with fewer than `min` respondents keep neither. The
 * language answered in is kept only where, with what was kept, every group still has `min`
 * members (the one Spanish speaker of a team must not be picked out); else it becomes null.
 */
export function coarsenAttributes<T extends ResponseAttributes>(
  rows: T[],
  min: number,
  fallbackDay: string,
): T[] {
  const byUnit = new Map<string, T[]>();
  for (const row of rows) {
    const group = byUnit.get(row.unitId);
    if (group) group.push(row);
    else byUnit.set(row.unitId, [row]);
  }
  const out: T[] = [];
  for (const group of byUnit.values()) {
    const kept = keptFor(group, min);
    const coarsened = group.map((row) => ({
      ...row,
      tenureBand: kept === 'band_and_day' || kept === 'band' ? row.tenureBand : null,
      submittedOn: kept === 'band_and_day' || kept === 'day' ? row.submittedOn : fallbackDay,
    }));
    const keepLanguage =
      kept !== 'none' &&
      smallestGroup(coarsened, (r) => `${r.tenureBand}|${r.submittedOn}|${r.language ?? ''}`) >=
        min;
    for (const row of coarsened)
      out.push(row.language === undefined || keepLanguage ? row : { ...row, language: null });
  }
  return out;
}

function smallestGroup<T>(rows: readonly T[], key: (r: T) => string): number {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return Math.min(...counts.values());
}

function keptFor(group: ResponseAttributes[], min: number): Kept {
  const smallest = (key: (r: ResponseAttributes) => string) => {
    const counts = new Map<string, number>();
    for (const r of group) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    return Math.min(...counts.values());
  };
  if (group.length < min) return 'none';
  if (smallest((r) => `${r.tenureBand}|${r.submittedOn}`) >= min) return 'band_and_day';
  if (smallest((r) => `${r.tenureBand}`) >= min) return 'band';
  if (smallest((r) => r.submittedOn) >= min) return 'day';
  return 'none';
}
