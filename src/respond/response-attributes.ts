/** The attributes an anonymous employee response may carry besides its unit and answers. */
export interface ResponseAttributes {
  unitId: string;
  tenureBand: string | null;
  /** 'YYYY-MM-DD' */
  submittedOn: string;
}

type Kept = 'band_and_day' | 'band' | 'day' | 'none';

/**
 * Coarsens attributes so that, among each unit's respondents, every group they form has at
 * least `min` members: anyone who knows who answered (a database reader sees which invitations
 * were used, and each employee's tenure) could otherwise single a response out. Per unit, the
 * first of these that forms no smaller group is kept: tenure band and day together, the band
 * alone, the day alone, neither. A dropped day becomes `fallbackDay` (the day the cycle closed),
 * a dropped band becomes null. Units with fewer than `min` respondents keep neither.
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
    for (const row of group)
      out.push({
        ...row,
        tenureBand: kept === 'band_and_day' || kept === 'band' ? row.tenureBand : null,
        submittedOn: kept === 'band_and_day' || kept === 'day' ? row.submittedOn : fallbackDay,
      });
  }
  return out;
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
