import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * password_links: one link per user at a time to set their own password, from "forgot
 * password", an invitation or the command line. The token is made when the email goes out and
 * only its SHA-256 is kept; the link lives `valid_for_seconds` from then and dies when used.
 */
export class CreatePasswordLinks1795501300000 implements MigrationInterface {
  name = 'CreatePasswordLinks1795501300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL, "valid_for_seconds" integer NOT NULL, "token_hash" bytea, "expires_at" TIMESTAMP WITH TIME ZONE, "lease_until" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "send_attempts" integer NOT NULL DEFAULT 0, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_password_links" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_password_links_token_hash" ON "password_links" ("token_hash") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_password_links_user" ON "password_links" ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "password_links" ADD CONSTRAINT "fk_password_links_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "password_links"`);
  }
}
