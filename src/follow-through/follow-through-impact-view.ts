import type { GroupComparison, ImpactComparison, OutcomeComparison } from './follow-through-impact';

/**
 * The "does it matter?" comparison as the partial views/follow-through/partials/impact.hbs
 * shows it: rounded figures, signed differences and one plain sentence per outcome.
 */

const signed = (x: number, digits = 1) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

function outcomeRow(group: GroupComparison, outcome: OutcomeComparison) {
  const r = outcome.result;
  if (r.status !== 'ok') return { label: outcome.label, ok: false, reason: r.reason };
  const direction = r.difference >= 0 ? 'more' : 'less';
  return {
    label: outcome.label,
    ok: true,
    followedChange: signed(r.meanA),
    othersChange: signed(r.meanB),
    difference: signed(r.difference),
    ci: `${signed(r.ci.lower)} to ${signed(r.ci.upper)}`,
    n: `${r.nA} vs ${r.nB}`,
    p: r.p < 0.001 ? '< 0.001' : r.p.toFixed(3),
    exploratory: r.exploratory,
    reading:
      `${outcome.label} moved ${Math.abs(r.difference).toFixed(1)} ${outcome.unit} ${direction} ` +
      `in units that ${group.key === 'followUps' ? 'resolved customer follow-ups on time' : 'completed their action plan'} ` +
      `(95% CI ${signed(r.ci.lower)} to ${signed(r.ci.upper)}; ${r.nA} vs ${r.nB} units)` +
      `${r.ci.lower <= 0 && r.ci.upper >= 0 ? ', which could still be no difference at all' : ''}.`,
  };
}

function nothingToCompare(group: GroupComparison): string {
  if (group.followed + group.others === 0)
    return group.key === 'followUps'
      ? 'No unit had customer follow-ups in these cycles yet.'
      : 'No unit could make an action plan in these cycles yet.';
  if (group.followed === 0)
    return group.key === 'followUps'
      ? 'No unit resolved enough of its follow-ups on time yet, so there is no group to compare.'
      : 'No unit has completed an action plan yet, so there is no group to compare.';
  return 'Every unit followed through, so there is no other group to compare with.';
}

export function impactView(comparison: ImpactComparison) {
  return {
    hasPairs: comparison.pairs.length > 0,
    period: comparison.pairs.map((p) => `${p.from.label} → ${p.to.label}`).join(', '),
    comparisons: comparison.comparisons.map((group) => ({
      key: group.key,
      title: group.title,
      followedLabel: group.followedLabel,
      othersLabel: group.othersLabel,
      followed: group.followed,
      others: group.others,
      rows: group.outcomes.map((o) => outcomeRow(group, o)),
      nothingToCompare: group.followed === 0 || group.others === 0 ? nothingToCompare(group) : null,
      exploratory: group.outcomes.some((o) => o.result.status === 'ok' && o.result.exploratory),
    })),
    caveats: comparison.caveats,
  };
}
