import type { Audience } from '../surveys/entities/survey.entity';
import { queryRows, type Queryable } from '../database/sql';
import { RESPONSE_COUNT_METRIC } from './stats/unit-metrics';

/**
 * unit_cycle_stat_packs (entities/unit-cycle-stat-pack.entity.ts): a cycle's unit_cycle_stats,
 * one row per audience, built by PostgreSQL from the stats rows in the transaction that writes
 * them. Reading a cycle's stats is then one row of numbers, not a GROUP BY over 60,000 rows
 * whose numbers are formatted as text on the way out and parsed again on the way in.
 */

/** Numbers per septet, as PackedStatsReader takes them: metric position, n, sum, sum_sq,
 * favorable, promoters, detractors. */
export const SEPTET = 7;

/**
 * Bytes per septet in a pack: five int4 (metric position, n, favorable, promoters, detractors)
 * and two float8 (sum, sum_sq), big-endian as int4send and float8send write them.
 */
export const SEPTET_BYTES = 36;

const PACK_SELECT = `
  SELECT d.cycle_id, d.audience, d.metrics,
         array_agg(u.unit_id ORDER BY u.unit_id), array_agg(u.septets ORDER BY u.unit_id),
         string_agg(u.data, ''::bytea ORDER BY u.unit_id)
    FROM (SELECT cycle_id, audience, array_agg(DISTINCT metric ORDER BY metric) AS metrics
            FROM unit_cycle_stats WHERE cycle_id = $1 GROUP BY cycle_id, audience) d
    CROSS JOIN LATERAL (
      SELECT s.unit_id, count(*)::int AS septets,
             string_agg(int4send((array_position(d.metrics, s.metric) - 1)::int4)
                        || int4send(s.n) || int4send(s.favorable) || int4send(s.promoters)
                        || int4send(s.detractors) || float8send(s.sum) || float8send(s.sum_sq),
                        ''::bytea ORDER BY s.metric) AS data
        FROM unit_cycle_stats s
       WHERE s.cycle_id = d.cycle_id AND s.audience = d.audience
       GROUP BY s.unit_id) u
   GROUP BY d.cycle_id, d.audience, d.metrics`;

/** Replaces the cycle's packs with ones made from its unit_cycle_stats rows as they are now. */
export async function writeStatPacks(db: Queryable, cycleId: string): Promise<void> {
  await db.query(`DELETE FROM unit_cycle_stat_packs WHERE cycle_id = $1`, [cycleId]);
  await db.query(
    `INSERT INTO unit_cycle_stat_packs (cycle_id, audience, metrics, unit_ids, septets, data)
     ${PACK_SELECT}`,
    [cycleId],
  );
}

export async function deleteAllStatPacks(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM unit_cycle_stat_packs`);
}

export interface StatPack {
  cycleId: string;
  audience: Audience;
  metrics: string[];
  unitIds: string[];
  septets: number[];
  /** every unit's septets, one after another (SEPTET_BYTES each) */
  data: Buffer;
}

/** The packs of these cycles (every audience: a cycle with any is materialized). */
export async function readStatPacks(
  db: Queryable,
  cycleIds: readonly string[],
): Promise<StatPack[]> {
  const rows = await queryRows<{
    cycleId: string;
    audience: Audience;
    metrics: string[];
    unitIds: string;
    septets: string;
    data: string;
  }>(
    db,
    // The text is what costs here: base64 is two thirds of bytea's hex output, and the two
    // 2,000-element arrays are split faster as one string each than parsed as arrays.
    `SELECT cycle_id AS "cycleId", audience, metrics,
            array_to_string(unit_ids, ',') AS "unitIds", array_to_string(septets, ',') AS septets,
            encode(data, 'base64') AS data
       FROM unit_cycle_stat_packs WHERE cycle_id = ANY($1::uuid[])`,
    [cycleIds],
  );
  return rows.map((row) => ({
    cycleId: row.cycleId,
    audience: row.audience,
    metrics: row.metrics,
    unitIds: row.unitIds === '' ? [] : row.unitIds.split(','),
    septets: row.septets === '' ? [] : row.septets.split(',').map(Number),
    data: Buffer.from(row.data, 'base64'),
  }));
}

/** The units' response counts of one audience in a materialized cycle ('*' in unit_cycle_stats). */
export interface ResponseCounts {
  cycleId: string;
  audience: Audience;
  unitIds: string[];
  counts: number[];
}

/**
 * The response counts of those of these cycles that are materialized (the ones with packs,
 * written in the same transaction as their rows), and which cycles those are: a few thousand
 * rows through a partial index (ix_unit_cycle_stats_responses), sent as one row per cycle and
 * audience, where reading the packs would carry every metric of every unit only to keep one.
 * A count row's other sums are always zero (unit-stats.query.ts).
 */
export async function readResponseCounts(
  db: Queryable,
  cycleIds: readonly string[],
): Promise<{ materialized: Set<string>; counts: ResponseCounts[] }> {
  const [packed, rows] = await Promise.all([
    queryRows<{ cycleId: string }>(
      db,
      `SELECT DISTINCT cycle_id AS "cycleId" FROM unit_cycle_stat_packs
        WHERE cycle_id = ANY($1::uuid[])`,
      [cycleIds],
    ),
    queryRows<{ cycleId: string; audience: Audience; unitIds: string; counts: string }>(
      db,
      `SELECT cycle_id AS "cycleId", audience,
              string_agg(unit_id::text, ',' ORDER BY unit_id) AS "unitIds",
              string_agg(n::text, ',' ORDER BY unit_id) AS counts
         FROM unit_cycle_stats
        WHERE metric = '${RESPONSE_COUNT_METRIC}' AND cycle_id = ANY($1::uuid[])
        GROUP BY cycle_id, audience`,
      [cycleIds],
    ),
  ]);
  const materialized = new Set(packed.map((p) => p.cycleId));
  return {
    materialized,
    counts: rows
      .filter((r) => materialized.has(r.cycleId))
      .map((r) => ({
        cycleId: r.cycleId,
        audience: r.audience,
        unitIds: r.unitIds.split(','),
        counts: r.counts.split(',').map(Number),
      })),
  };
}

/**
 * Each unit's septets of a pack, as numbers in PackedStatsReader's order, handed to `take`
 * one unit at a time in an array that is reused (take may change it; copy what is kept).
 */
export function eachUnitOf(
  pack: StatPack,
  take: (unitId: string, septets: Float64Array, count: number) => void,
): void {
  const { data } = pack;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const most = Math.max(0, ...pack.septets);
  const septets = new Float64Array(most * SEPTET);
  let at = 0;
  pack.unitIds.forEach((unitId, u) => {
    const count = pack.septets[u];
    for (let k = 0; k < count; k++, at += SEPTET_BYTES) {
      const out = k * SEPTET;
      septets[out] = view.getInt32(at);
      septets[out + 1] = view.getInt32(at + 4);
      septets[out + 2] = view.getFloat64(at + 20);
      septets[out + 3] = view.getFloat64(at + 28);
      septets[out + 4] = view.getInt32(at + 8);
      septets[out + 5] = view.getInt32(at + 12);
      septets[out + 6] = view.getInt32(at + 16);
    }
    take(unitId, septets, count);
  });
  if (at !== data.length)
    throw new Error(`the stats pack of cycle ${pack.cycleId} (${pack.audience}) is malformed`);
}
