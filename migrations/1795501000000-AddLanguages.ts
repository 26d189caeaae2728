import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Languages: each employee and contact may have one (null: the company default), an invitation
 * copies it at launch, a response records the language answered in (an employee's only where it
 * forms no small group), and survey_translations holds a survey's strings per language with the
 * hash of the source each was translated from.
 */
export class AddLanguages1795501000000 implements MigrationInterface {
  name = 'AddLanguages1795501000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employees" ADD "language" text`);
    await queryRunner.query(`ALTER TABLE "contacts" ADD "language" text`);
    await queryRunner.query(`ALTER TABLE "invitations" ADD "language" text`);
    await queryRunner.query(`ALTER TABLE "employee_responses" ADD "language" text`);
    await queryRunner.query(`ALTER TABLE "customer_responses" ADD "language" text`);
    await queryRunner.query(
      `CREATE TABLE "survey_translations" ("survey_id" uuid NOT NULL, "language" text NOT NULL, "key" text NOT NULL, "text" text NOT NULL, "source_hash" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_survey_translations" PRIMARY KEY ("survey_id", "language", "key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_translations" ADD CONSTRAINT "fk_survey_translations_survey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "survey_translations"`);
    await queryRunner.query(`ALTER TABLE "customer_responses" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "employee_responses" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "contacts" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "employees" DROP COLUMN "language"`);
  }
}
