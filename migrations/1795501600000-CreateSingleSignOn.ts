import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sso_settings: the one OpenID Connect provider (one row, id 1, made here; off until an admin
 * turns it on), its sealed client secret, who may sign in and with which role, and the
 * SSO-only switch with its break-glass administrators. sso_identities: which provider account
 * (issuer + subject) each user signs in as. users.role may be null: a person the provider let
 * in whose role no mapping gave has no access until an admin grants one.
 */
export class CreateSingleSignOn1795501600000 implements MigrationInterface {
  name = 'CreateSingleSignOn1795501600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sso_settings" ("id" smallint NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "display_name" text NOT NULL DEFAULT '', "issuer_url" text NOT NULL DEFAULT '', "client_id" text NOT NULL DEFAULT '', "client_secret_sealed" text, "scopes" text NOT NULL DEFAULT 'openid email profile', "allowed_domains" text array NOT NULL DEFAULT '{}', "role_claim" text NOT NULL DEFAULT 'groups', "role_mapping" jsonb NOT NULL DEFAULT '[]', "sso_only" boolean NOT NULL DEFAULT false, "break_glass_emails" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sso_settings_single_row" CHECK (id = 1), CONSTRAINT "pk_sso_settings" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "sso_settings" ("id") VALUES (1)`);
    await queryRunner.query(
      `CREATE TABLE "sso_identities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "issuer" text NOT NULL, "subject" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_sign_in_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sso_identities" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sso_identities_subject" ON "sso_identities" ("issuer", "subject") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sso_identities_user" ON "sso_identities" ("user_id", "issuer") `,
    );
    await queryRunner.query(
      `ALTER TABLE "sso_identities" ADD CONSTRAINT "fk_sso_identities_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "users" WHERE "role" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "role" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "sso_identities"`);
    await queryRunner.query(`DROP TABLE "sso_settings"`);
  }
}
