import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A question of an employee survey may offer "Prefer not to say" (`prefer_not_to_say`; not on
 * text questions, which can simply be left blank). The choice is never stored as an answer.
 */
export class AddQuestionPreferNotToSay1795501200000 implements MigrationInterface {
  name = 'AddQuestionPreferNotToSay1795501200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "questions" ADD "prefer_not_to_say" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "questions" ADD CONSTRAINT "ck_questions_prefer_not_to_say_kind" CHECK (NOT prefer_not_to_say OR kind <> 'text')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "questions" DROP CONSTRAINT "ck_questions_prefer_not_to_say_kind"`,
    );
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "prefer_not_to_say"`);
  }
}
