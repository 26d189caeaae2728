import { MigrationInterface, QueryRunner } from 'typeorm';

/** demo_runs: the progress rows of "load demo data" jobs started from the dashboard. */
export class AddDemoRuns1795443560280 implements MigrationInterface {
  name = 'AddDemoRuns1795443560280';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "demo_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL DEFAULT 'queued', "seed" text NOT NULL, "phase" text NOT NULL DEFAULT '', "done" integer NOT NULL DEFAULT '0', "total" integer NOT NULL DEFAULT '1', "message" text, "summary" jsonb, "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_demo_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_demo_runs_created_at" ON "demo_runs" ("created_at")`);
    await queryRunner.query(
      `ALTER TABLE "demo_runs" ADD CONSTRAINT "fk_demo_runs_requested_by" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "demo_runs" DROP CONSTRAINT "fk_demo_runs_requested_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_demo_runs_created_at"`);
    await queryRunner.query(`DROP TABLE "demo_runs"`);
  }
}
