import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_events: every change made by staff, API keys or Tandem itself, append-only. A
 * statement trigger refuses UPDATE, DELETE and TRUNCATE for every role, the application's
 * included, so a row once written stays as it was.
 */
export class CreateAuditEvents1795501400000 implements MigrationInterface {
  name = 'CreateAuditEvents1795501400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_events" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "actor_kind" text NOT NULL,
        "actor_user_id" uuid,
        "actor_email" text,
        "actor_api_key_id" uuid,
        "ip" text,
        "user_agent" text,
        "action" text NOT NULL,
        "target_type" text,
        "target_id" text,
        "target_label" text,
        "changes" jsonb NOT NULL DEFAULT '{}',
        "details" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "ck_audit_events_actor_kind" CHECK ("actor_kind" IN ('user', 'api_key', 'system')),
        CONSTRAINT "pk_audit_events" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_occurred" ON "audit_events" ("occurred_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_action" ON "audit_events" ("action", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_actor" ON "audit_events" ("actor_user_id", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_events_target" ON "audit_events" ("target_type", "target_id", "id") `,
    );
    await queryRunner.query(
      `CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END
       $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "tr_audit_events_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_events"
         FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
  }
}
