import { MigrationInterface, QueryRunner } from 'typeorm';

/** response_import_previews: a file of past waves between its upload and its import. */
export class CreateResponseImportPreviews1795500700000 implements MigrationInterface {
  name = 'CreateResponseImportPreviews1795500700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "response_import_previews" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "file_name" text NOT NULL,
        "content" text NOT NULL,
        "options" jsonb NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_response_import_previews" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_response_import_previews_created_at" ON "response_import_previews" ("created_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "response_import_previews" ADD CONSTRAINT "fk_response_import_previews_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "response_import_previews"`);
  }
}
