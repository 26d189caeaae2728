import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Frontline staff without an email address: employees.email and invitations.email may be null.
 * Such an invitation is never mailed; its person answers with a printed code (an
 * invitation_tokens row of purpose 'code', hashed like a link's token).
 */
export class AllowEmployeesWithoutEmail1795501100000 implements MigrationInterface {
  name = 'AllowEmployeesWithoutEmail1795501100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "employees" ALTER COLUMN "email" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "email" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "invitation_tokens" WHERE "purpose" = 'code'`);
    await queryRunner.query(`UPDATE "invitations" SET "email" = '' WHERE "email" IS NULL`);
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "email" SET NOT NULL`);
    await queryRunner.query(
      `UPDATE "employees" SET "email" = 'no-email-' || "id" || '@invalid' WHERE "email" IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "employees" ALTER COLUMN "email" SET NOT NULL`);
  }
}
