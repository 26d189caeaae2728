/**
 * Benjamini–Hochberg (1995) adjusted p-values ("q-values"), returned in the input order:
 * q_(i) = min over j ≥ i of min(1, m · p_(j) / j) for p sorted ascending. Rejecting every
 * hypothesis with q ≤ α is the BH step-up procedure at false discovery rate α.
 * docs/methods.md, "Drivers" (R: p.adjust(p, method = "BH")).
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value must be in [0, 1], got ${p}`);
  }
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const q = new Array<number>(m);
  let runningMin = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    // p · (m / rank) rather than (m · p) / rank: m / rank ≥ 1 exactly, so rounding never makes q < p.
    runningMin = Math.min(runningMin, pValues[index] * (m / rank));
    q[index] = runningMin;
  }
  return q;
}
