import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * retention_policies: the company's retention policy, one row (id 1), every period off (null)
 * until an admin sets it, with what its last run did. employees.erased_at: set when a person's
 * personal data was erased; the row stays as an anonymous record for headcount and turnover.
 */
export class CreateRetentionPolicy1795501800000 implements MigrationInterface {
  name = 'CreateRetentionPolicy1795501800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "retention_policies" ("id" smallint NOT NULL, "customer_comment_months" integer, "contact_months" integer, "departed_employee_months" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_run_at" TIMESTAMP WITH TIME ZONE, "last_run" jsonb, CONSTRAINT "ck_retention_policies_single_row" CHECK (id = 1), CONSTRAINT "ck_retention_policies_months" CHECK ((customer_comment_months IS NULL OR customer_comment_months BETWEEN 1 AND 600) AND (contact_months IS NULL OR contact_months BETWEEN 1 AND 600) AND (departed_employee_months IS NULL OR departed_employee_months BETWEEN 1 AND 600)), CONSTRAINT "pk_retention_policies" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "retention_policies" ("id") VALUES (1)`);
    await queryRunner.query(`ALTER TABLE "employees" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employees" DROP COLUMN "erased_at"`);
    await queryRunner.query(`DROP TABLE "retention_policies"`);
  }
}
