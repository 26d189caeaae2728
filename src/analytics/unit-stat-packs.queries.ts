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

/** One stats row `s` as a septet's bytes, its metric at `position` (an int4 expression). */
const septetOf = (position: string) =>
  `int4send(${position}) || int4send(s.n) || int4send(s.favorable) || int4send(s.promoters)
   || int4send(s.detractors) || float8send(s.sum) || float8send(s.sum_sq)`;

const PACK_SELECT = `
  SELECT d.cycle_id, d.audience, d.metrics,
         array_agg(u.unit_id ORDER BY u.unit_id), array_agg(u.septets ORDER BY u.unit_id),
         string_agg(u.data, ''::bytea ORDER BY u.unit_id)
    FROM (SELECT cycle_id, audience, array_agg(DISTINCT metric ORDER BY metric) AS metrics
            FROM unit_cycle_stats WHERE cycle_id = $1 GROUP BY cycle_id, audience) d
    CROSS JOIN LATERAL (
      SELECT s.unit_id, count(*)::int AS septets,
             string_agg(${septetOf('(array_position(d.metrics, s.metric) - 1)::int4')},
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

/** A pack as it travels: the arrays as one string each, the septets in base64. */
interface PackRow {
  cycleId: string;
  audience: Audience;
  metrics: string[];
  unitIds: string;
  septets: string;
  data: string;
}

function packOf(row: PackRow): StatPack {
  return {
    cycleId: row.cycleId,
    audience: row.audience,
    metrics: row.metrics,
    unitIds: row.unitIds === '' ? [] : row.unitIds.split(','),
    septets: row.septets === '' ? [] : row.septets.split(',').map(Number),
    data: Buffer.from(row.data, 'base64'),
  };
}

/** The packs of these cycles (every audience: a cycle with any is materialized). */
export async function readStatPacks(
  db: Queryable,
  cycleIds: readonly string[],
): Promise<StatPack[]> {
  const rows = await queryRows<PackRow>(
    db,
    // The text is what costs here: base64 is two thirds of bytea's hex output, and the two
    // 2,000-element arrays are split faster as one string each than parsed as arrays.
    `SELECT cycle_id AS "cycleId", audience, metrics,
            array_to_string(unit_ids, ',') AS "unitIds", array_to_string(septets, ',') AS septets,
            encode(data, 'base64') AS data
       FROM unit_cycle_stat_packs WHERE cycle_id = ANY($1::uuid[])`,
    [cycleIds],
  );
  return rows.map(packOf);
}

/**
 * readStatPacks cut down to the response count ('*'): packs of one septet per unit, made from
 * the count rows alone (a few thousand, through the partial index
 * ix_unit_cycle_stats_responses) rather than by unpacking every metric of every unit. A cycle
 * and audience have count rows exactly when they have a pack: both are written from the same
 * stats rows in one transaction, and every unit with a stats row has a count row.
 */
export async function readCountPacks(
  db: Queryable,
  cycleIds: readonly string[],
): Promise<StatPack[]> {
  const rows = await queryRows<PackRow>(
    db,
    `SELECT s.cycle_id AS "cycleId", s.audience, ARRAY['${RESPONSE_COUNT_METRIC}'] AS metrics,
            string_agg(s.unit_id::text, ',' ORDER BY s.unit_id) AS "unitIds",
            string_agg('1', ',') AS septets,
            encode(string_agg(${septetOf('0')}, ''::bytea ORDER BY s.unit_id), 'base64') AS data
       FROM unit_cycle_stats s
      WHERE s.metric = '${RESPONSE_COUNT_METRIC}' AND s.cycle_id = ANY($1::uuid[])
      GROUP BY s.cycle_id, s.audience`,
    [cycleIds],
  );
  return rows.map(packOf);
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
