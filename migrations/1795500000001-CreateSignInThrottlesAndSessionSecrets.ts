import { MigrationInterface, QueryRunner } from 'typeorm';

/** sign_in_throttles: per-account sign-in attempts and back-off; session_secrets: a shared secret. */
export class CreateSignInThrottlesAndSessionSecrets1795500000001 implements MigrationInterface {
  name = 'CreateSignInThrottlesAndSessionSecrets1795500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sign_in_throttles" ("email_hash" text NOT NULL, "attempts" integer NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_sign_in_throttles" PRIMARY KEY ("email_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sign_in_throttles_last_attempt_at" ON "sign_in_throttles" ("last_attempt_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "session_secrets" ("id" smallint NOT NULL, "secret" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_session_secrets" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "session_secrets"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sign_in_throttles_last_attempt_at"`);
    await queryRunner.query(`DROP TABLE "sign_in_throttles"`);
  }
}
