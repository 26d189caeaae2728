import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDirectoryImports1795441517378 implements MigrationInterface {
  name = 'AddDirectoryImports1795441517378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "directory_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "user_id" uuid NOT NULL, "file_name" text NOT NULL, "content" text NOT NULL, "content_sha256" text NOT NULL, "summary" jsonb NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_directory_imports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_directory_imports_created_at" ON "directory_imports"  ("created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "customer_accounts" ADD "deactivated_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "directory_imports" ADD CONSTRAINT "fk_directory_imports_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "directory_imports" DROP CONSTRAINT "fk_directory_imports_user"`,
    );
    await queryRunner.query(`ALTER TABLE "customer_accounts" DROP COLUMN "deactivated_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_directory_imports_created_at"`);
    await queryRunner.query(`DROP TABLE "directory_imports"`);
  }
}
