import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sealed_employee_answers: an open cycle's employee answers, unreadable to the database until
 * the cycle closes. Answers already stored for open cycles stay where they are and are moved
 * with the others at close.
 */
export class AddSealedEmployeeAnswers1795500300000 implements MigrationInterface {
  name = 'AddSealedEmployeeAnswers1795500300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sealed_employee_answers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "cycle_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "tenure_band" text, "key_id" bytea NOT NULL, "sealed" bytea NOT NULL, CONSTRAINT "pk_sealed_employee_answers" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sealed_employee_answers_cycle" ON "sealed_employee_answers" ("cycle_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_sealed_employee_answers_cycle"`);
    await queryRunner.query(`DROP TABLE "sealed_employee_answers"`);
  }
}
