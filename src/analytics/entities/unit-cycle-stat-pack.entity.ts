import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cycle's unit_cycle_stats for one audience in one row, written beside them when they are
 * materialized: every unit's sums as float8 septets [metric position, n, sum, sum_sq,
 * favorable, promoters, detractors] (big-endian, as float8send writes them), unit by unit. A
 * report reads 8 of these for four cycles instead of 250,000 stats rows (unit-stat-packs.queries.ts).
 */
@Entity('unit_cycle_stat_packs')
export class UnitCycleStatPack {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_unit_cycle_stat_packs' })
  cycleId: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'pk_unit_cycle_stat_packs' })
  audience: string;

  /** the metrics of the pack; a septet's first number is a position in this list */
  @Column({ type: 'text', array: true })
  metrics: string[];

  /** the units, in the order of their septets */
  @Column({ type: 'uuid', array: true })
  unitIds: string[];

  /** how many septets each unit has (one per metric it has sums for) */
  @Column({ type: 'int', array: true })
  septets: number[];

  @Column({ type: 'bytea' })
  data: Buffer;

  /** when the pack (and the stats rows it was made from) was written: the reports' fingerprint */
  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  writtenAt: Date;
}
