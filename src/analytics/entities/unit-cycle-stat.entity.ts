import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Per unit × cycle × audience × item (or dimension score) sums, materialized when a cycle closes
 * or a past wave is imported, so linkage over a million responses reads thousands of rows.
 */
@Entity('unit_cycle_stats')
@Index('ix_unit_cycle_stats_cycle', ['cycleId'])
// The response counts alone, for cycle coverage (readResponseCounts).
@Index('ix_unit_cycle_stats_responses', ['cycleId'], { where: `metric = '*'` })
export class UnitCycleStat {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unit_cycle_stats' })
  cycleId: string;

  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unit_cycle_stats' })
  unitId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_unit_cycle_stats' })
  audience: string;

  /** A question key, or 'dim:<dimension>' for the per-respondent dimension score, or '*' for the response count. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_unit_cycle_stats' })
  metric: string;

  @Column({ type: 'int' })
  n: number;

  @Column({ type: 'double precision', default: 0 })
  sum: number;

  @Column({ type: 'double precision', default: 0 })
  sumSq: number;

  /** Likert/rating answers of 4–5. */
  @Column({ type: 'int', default: 0 })
  favorable: number;

  /** NPS answers of 9–10. */
  @Column({ type: 'int', default: 0 })
  promoters: number;

  /** NPS answers of 0–6. */
  @Column({ type: 'int', default: 0 })
  detractors: number;
}
