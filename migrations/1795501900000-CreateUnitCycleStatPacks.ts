import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * unit_cycle_stat_packs: each materialized cycle's unit_cycle_stats per audience in one row of
 * septets (src/analytics/unit-stat-packs.queries.ts), filled here for the cycles already
 * materialized.
 */
export class CreateUnitCycleStatPacks1795501900000 implements MigrationInterface {
  name = 'CreateUnitCycleStatPacks1795501900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "unit_cycle_stat_packs" ("cycle_id" uuid NOT NULL, "audience" text NOT NULL, "metrics" text array NOT NULL, "unit_ids" uuid array NOT NULL, "septets" integer array NOT NULL, "data" bytea NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "pk_unit_cycle_stat_packs" PRIMARY KEY ("cycle_id", "audience"))`,
    );
    await queryRunner.query(
      `INSERT INTO unit_cycle_stat_packs (cycle_id, audience, metrics, unit_ids, septets, data)
       SELECT d.cycle_id, d.audience, d.metrics,
              array_agg(u.unit_id ORDER BY u.unit_id), array_agg(u.septets ORDER BY u.unit_id),
              string_agg(u.data, ''::bytea ORDER BY u.unit_id)
         FROM (SELECT cycle_id, audience, array_agg(DISTINCT metric ORDER BY metric) AS metrics
                 FROM unit_cycle_stats GROUP BY cycle_id, audience) d
         CROSS JOIN LATERAL (
           SELECT s.unit_id, count(*)::int AS septets,
                  string_agg(int4send((array_position(d.metrics, s.metric) - 1)::int4)
                        || int4send(s.n) || int4send(s.favorable) || int4send(s.promoters)
                        || int4send(s.detractors) || float8send(s.sum) || float8send(s.sum_sq),
                        ''::bytea ORDER BY s.metric) AS data
             FROM unit_cycle_stats s
            WHERE s.cycle_id = d.cycle_id AND s.audience = d.audience
            GROUP BY s.unit_id) u
        GROUP BY d.cycle_id, d.audience, d.metrics`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "unit_cycle_stat_packs"`);
  }
}
