import { coarsenAttributes, poolSmallUnits, ResponseAttributes } from './response-attributes';

const row = (
  unitId: string,
  tenureBand: string | null,
  submittedOn: string,
): ResponseAttributes => ({
  unitId,
  tenureBand,
  submittedOn,
});
const repeat = (n: number, r: ResponseAttributes) => Array.from({ length: n }, () => ({ ...r }));
const CLOSE = '2026-12-31';

/** Every (unit, band, day) group among the output, with its size. */
function groups(rows: ResponseAttributes[]): number[] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.unitId}|${r.tenureBand}|${r.submittedOn}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()];
}

describe(coarsenAttributes.name, () => {
  it('keeps band and day when every combination has at least the minimum', () => {
    const rows = [
      ...repeat(5, row('u', '<1y', '2026-12-01')),
      ...repeat(5, row('u', '1-3y', '2026-12-02')),
    ];
    expect(coarsenAttributes(rows, 5, CLOSE)).toEqual(rows);
  });

  it('drops the day but keeps the band when days would single people out', () => {
    const rows = [
      ...repeat(4, row('u', '<1y', '2026-12-01')),
      row('u', '<1y', '2026-12-02'),
      ...repeat(5, row('u', '1-3y', '2026-12-01')),
    ];
    const out = coarsenAttributes(rows, 5, CLOSE);
    expect(out.map((r) => r.submittedOn)).toEqual(rows.map(() => CLOSE));
    expect(out.map((r) => r.tenureBand)).toEqual(rows.map((r) => r.tenureBand));
  });

  it('drops the band but keeps the day when one band is smaller than the minimum', () => {
    const rows = [...repeat(6, row('u', '<1y', '2026-12-01')), row('u', '5y+', '2026-12-01')];
    const out = coarsenAttributes(rows, 5, CLOSE);
    expect(out.every((r) => r.tenureBand === null && r.submittedOn === '2026-12-01')).toBe(true);
  });

  it('drops both in a unit with too few respondents, and decides each unit on its own', () => {
    const rows = [
      ...repeat(3, row('small', '<1y', '2026-12-01')),
      ...repeat(5, row('big', '<1y', '2026-12-01')),
    ];
    const out = coarsenAttributes(rows, 5, CLOSE);
    expect(out.filter((r) => r.unitId === 'small')).toEqual(repeat(3, row('small', null, CLOSE)));
    expect(out.filter((r) => r.unitId === 'big')).toEqual(
      repeat(5, row('big', '<1y', '2026-12-01')),
    );
  });

  it('never leaves a group under the minimum in a unit that reaches it', () => {
    const bands = ['<1y', '1-3y', '3-5y', '5y+', null];
    for (let seed = 1; seed <= 200; seed++) {
      let s = seed;
      const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
      const rows = Array.from({ length: 5 + Math.floor(next() * 30) }, () =>
        row(
          'u',
          bands[Math.floor(next() * bands.length)],
          `2026-12-0${1 + Math.floor(next() * 4)}`,
        ),
      );
      expect(Math.min(...groups(coarsenAttributes(rows, 5, CLOSE)))).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('coarsening the language answered in', () => {
  const lang = (n: number, language: string) =>
    repeat(n, { ...row('u', '<1y', '2026-12-01'), language });

  it('keeps the language where each language group has at least the minimum', () => {
    const out = coarsenAttributes([...lang(5, 'en'), ...lang(5, 'de')], 5, CLOSE);
    expect(out.filter((r) => r.language === 'de')).toHaveLength(5);
    expect(out.filter((r) => r.language === 'en')).toHaveLength(5);
  });

  it('drops it for the whole unit when one language would single people out', () => {
    const out = coarsenAttributes([...lang(6, 'en'), ...lang(1, 'es')], 5, CLOSE);
    expect(out.map((r) => r.language)).toEqual(Array(7).fill(null));
    // band and day are decided first and stay as they were
    expect(out.every((r) => r.tenureBand === '<1y' && r.submittedOn === '2026-12-01')).toBe(true);
  });

  it('counts the kept band and day with it, so no band, day and language group is small', () => {
    const rows = [
      // Five of each language and five of each band, but only 2 or 3 of each band and language.
      ...repeat(3, { ...row('u', '<1y', '2026-12-01'), language: 'en' }),
      ...repeat(2, { ...row('u', '<1y', '2026-12-01'), language: 'de' }),
      ...repeat(2, { ...row('u', '1-3y', '2026-12-01'), language: 'en' }),
      ...repeat(3, { ...row('u', '1-3y', '2026-12-01'), language: 'de' }),
    ];
    const out = coarsenAttributes(rows, 5, CLOSE);
    expect(out.filter((r) => r.tenureBand === '<1y')).toHaveLength(5);
    expect(out.some((r) => r.language !== null)).toBe(false);
  });
});

describe(poolSmallUnits.name, () => {
  // root ─ region ─ branch A, branch B; root ─ small office
  const parentOf = new Map<string, string | null>([
    ['root', null],
    ['region', 'root'],
    ['a', 'region'],
    ['b', 'region'],
    ['office', 'root'],
  ]);
  const rows = (counts: Record<string, number>) =>
    Object.entries(counts).flatMap(([unitId, n]) => Array.from({ length: n }, () => ({ unitId })));
  const tally = (pooled: { unitId: string }[]) => {
    const out: Record<string, number> = {};
    for (const r of pooled) out[r.unitId] = (out[r.unitId] ?? 0) + 1;
    return out;
  };

  it('leaves units that reach the minimum where they are', () => {
    expect(tally(poolSmallUnits(rows({ a: 5, b: 7, office: 5 }), parentOf, 5))).toEqual({
      a: 5,
      b: 7,
      office: 5,
    });
  });

  it('moves a small unit to its parent when the parent then reaches the minimum', () => {
    expect(tally(poolSmallUnits(rows({ a: 2, region: 3, b: 6 }), parentOf, 5))).toEqual({
      region: 5,
      b: 6,
    });
  });

  it('keeps climbing while the group is still too small', () => {
    expect(tally(poolSmallUnits(rows({ a: 1, b: 2, office: 1, root: 1 }), parentOf, 5))).toEqual({
      root: 5,
    });
  });

  it('never leaves a group between 1 and min - 1 below the top', () => {
    for (let seed = 1; seed <= 100; seed++) {
      let s = seed;
      const next = () => (s = (s * 48271) % 2147483647) / 2147483647;
      const counts = Object.fromEntries(
        ['root', 'region', 'a', 'b', 'office'].map((u) => [u, Math.floor(next() * 7)]),
      );
      const pooled = tally(poolSmallUnits(rows(counts), parentOf, 5));
      const total = Object.values(counts).reduce((x, y) => x + y, 0);
      expect(Object.values(pooled).reduce((x, y) => x + y, 0)).toBe(total);
      for (const [unit, n] of Object.entries(pooled))
        if (unit !== 'root') expect(n).toBeGreaterThanOrEqual(5);
    }
  });
});
