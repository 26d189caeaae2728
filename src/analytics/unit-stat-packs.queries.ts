import { endianness } from 'node:os';
import type { Audience } from '../surveys/entities/survey.entity';
import { queryRows, type Queryable } from '../database/sql';

/**
 * unit_cycle_stat_packs (entities/unit-cycle-stat-pack.entity.ts): a cycle's unit_cycle_stats,
 * one row per audience, built by PostgreSQL from the stats rows in the transaction that writes
 * them. Reading a cycle's stats is then one row of float8s, not a GROUP BY over 60,000 rows
 * whose numbers are formatted as text on the way out and parsed again on the way in.
 */

/** Doubles per septet: metric position, n, sum, sum_sq, favorable, promoters, detractors. */
export const SEPTET = 7;

const PACK_SELECT = `
  SELECT d.cycle_id, d.audience, d.metrics,
         array_agg(u.unit_id ORDER BY u.unit_id), array_agg(u.septets ORDER BY u.unit_id),
         string_agg(u.data, ''::bytea ORDER BY u.unit_id)
    FROM (SELECT cycle_id, audience, array_agg(DISTINCT metric ORDER BY metric) AS metrics
            FROM unit_cycle_stats WHERE cycle_id = $1 GROUP BY cycle_id, audience) d
    CROSS JOIN LATERAL (
      SELECT s.unit_id, count(*)::int AS septets,
             string_agg(float8send((array_position(d.metrics, s.metric) - 1)::float8)
                        || float8send(s.n::float8) || float8send(s.sum) || float8send(s.sum_sq)
                        || float8send(s.favorable::float8) || float8send(s.promoters::float8)
                        || float8send(s.detractors::float8), ''::bytea ORDER BY s.metric) AS data
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
  /** every unit's septets, one after another */
  values: Float64Array;
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
    unitIds: string[];
    septets: number[];
    data: Buffer;
  }>(
    db,
    `SELECT cycle_id AS "cycleId", audience, metrics, unit_ids AS "unitIds", septets, data
       FROM unit_cycle_stat_packs WHERE cycle_id = ANY($1::uuid[])`,
    [cycleIds],
  );
  return rows.map(({ data, ...pack }) => ({ ...pack, values: float8s(data) }));
}

/** float8send's big-endian doubles as numbers. */
function float8s(data: Buffer): Float64Array {
  if (data.length % 8 !== 0) throw new Error(`a stats pack of ${data.length} bytes is not float8s`);
  const values = new Float64Array(data.length / 8);
  const bytes = Buffer.from(values.buffer);
  data.copy(bytes);
  if (endianness() === 'LE') bytes.swap64();
  return values;
}
