import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * company_settings: the company's name, logo, mail sender, time zone and default language,
 * in one row (id 1) that exists from the start.
 */
export class CreateCompanySettings1795500500000 implements MigrationInterface {
  name = 'CreateCompanySettings1795500500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "company_settings" (
        "id" smallint NOT NULL,
        "company_name" text,
        "logo" bytea,
        "logo_type" text,
        "logo_etag" text,
        "mail_sender_name" text,
        "mail_reply_to" text,
        "time_zone" text NOT NULL DEFAULT 'UTC',
        "default_language" text NOT NULL DEFAULT 'en',
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "ck_company_settings_single_row" CHECK (id = 1),
        CONSTRAINT "pk_company_settings" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(`INSERT INTO "company_settings" ("id") VALUES (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "company_settings"`);
  }
}
