import {
  CSAT_MIN,
  LOW_CSAT_MAX,
  NPS_DETRACTOR_MAX,
  NPS_MIN,
} from '../analytics/stats/metric-rules';
import type { FollowUpReason } from './entities/follow-up.entity';

export const REASON_LABELS: Record<FollowUpReason, string> = {
  detractor: `Detractor (NPS ${NPS_MIN}–${NPS_DETRACTOR_MAX})`,
  low_csat: `Low satisfaction (${CSAT_MIN}–${LOW_CSAT_MAX})`,
  comment: 'Comment',
};

/** "Detractor (NPS 0–6), Comment" */
export function reasonsText(reasons: readonly string[]): string {
  return reasons.map((r) => REASON_LABELS[r as FollowUpReason] ?? r).join(', ');
}
