import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * scim_tokens: bearer tokens for directory provisioning (SCIM 2.0), separate from API keys so
 * that each opens only its own door; only a SHA-256 of the token is kept. The audit log gains
 * the actor kind `scim_token` for changes made through SCIM.
 */
export class CreateScimTokens1795501700000 implements MigrationInterface {
  name = 'CreateScimTokens1795501700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "scim_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "token_hash" text NOT NULL, "prefix" text NOT NULL, "default_unit_id" uuid NOT NULL, "default_exit_type" text NOT NULL DEFAULT 'voluntary', "created_by_user_id" uuid, "created_by_name" text, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_scim_tokens_exit_type" CHECK ("default_exit_type" IN ('voluntary', 'involuntary', 'other')), CONSTRAINT "pk_scim_tokens" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_scim_tokens_hash" ON "scim_tokens" ("token_hash") `,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_events" DROP CONSTRAINT "ck_audit_events_actor_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "ck_audit_events_actor_kind" CHECK ("actor_kind" IN ('user', 'api_key', 'scim_token', 'system'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_events" DROP CONSTRAINT "ck_audit_events_actor_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_events" ADD CONSTRAINT "ck_audit_events_actor_kind" CHECK ("actor_kind" IN ('user', 'api_key', 'system'))`,
    );
    await queryRunner.query(`DROP TABLE "scim_tokens"`);
  }
}
