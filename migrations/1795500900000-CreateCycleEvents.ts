import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cycle_events: who steered a live cycle and when (a reminder sent now, a new closing date,
 * closed early; closed on schedule). cycles.reminder_round: the last reminder round number
 * handed to delivery, so a reminder sent now takes a number of its own.
 */
export class CreateCycleEvents1795500900000 implements MigrationInterface {
  name = 'CreateCycleEvents1795500900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cycles" ADD "reminder_round" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`UPDATE "cycles" SET "reminder_round" = "reminder_rounds_queued"`);
    await queryRunner.query(
      `CREATE TABLE "cycle_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "cycle_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_name" text, "kind" text NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "pk_cycle_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cycle_events_cycle" ON "cycle_events" ("cycle_id", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_events" ADD CONSTRAINT "fk_cycle_events_cycle" FOREIGN KEY ("cycle_id") REFERENCES "cycles"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "cycle_events" ADD CONSTRAINT "fk_cycle_events_actor" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "cycle_events"`);
    await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "reminder_round"`);
  }
}
