import type { FollowUpReason } from './entities/follow-up.entity';

export const REASON_LABELS: Record<FollowUpReason, string> = {
  detractor: 'Detractor (NPS 0–6)',
  low_csat: 'Low satisfaction (1–2)',
  comment: 'Comment',
};

/** "Detractor (NPS 0–6), Comment" */
export function reasonsText(reasons: readonly string[]): string {
  return reasons.map((r) => REASON_LABELS[r as FollowUpReason] ?? r).join(', ');
}
