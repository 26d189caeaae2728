import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Questions say which one is the survey's recommend (eNPS/NPS) item and which its CSAT item
 * (`metric_role`, one of each per survey at most, on a question of the right kind), whether a
 * Likert statement is reverse-keyed (scored 6 − answer), and where the wording comes from
 * (`source`, shown in the question bank). The built-in templates get their designations.
 */
export class AddQuestionMetricRolesAndReverseKeying1795500600000 implements MigrationInterface {
  name = 'AddQuestionMetricRolesAndReverseKeying1795500600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "questions" ADD "reverse_keyed" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "questions" ADD "metric_role" text`);
    await queryRunner.query(`ALTER TABLE "questions" ADD "source" text`);
    await queryRunner.query(
      `ALTER TABLE "questions" ADD CONSTRAINT "ck_questions_reverse_keyed_likert" CHECK (NOT reverse_keyed OR kind = 'likert5')`,
    );
    await queryRunner.query(
      `ALTER TABLE "questions" ADD CONSTRAINT "ck_questions_metric_role_kind" CHECK (metric_role IS NULL OR (metric_role = 'recommend' AND kind = 'nps') OR (metric_role = 'csat' AND kind = 'rating5'))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_questions_survey_metric_role" ON "questions"  ("survey_id", "metric_role") WHERE metric_role IS NOT NULL`,
    );
    await queryRunner.query(
      `UPDATE "questions" SET "metric_role" = 'recommend'
        WHERE survey_id IN ('5e1f0000-0000-4000-8000-000000000001', '5e1f0000-0000-4000-8000-000000000002')
          AND key IN ('enps', 'nps')`,
    );
    await queryRunner.query(
      `UPDATE "questions" SET "metric_role" = 'csat'
        WHERE survey_id = '5e1f0000-0000-4000-8000-000000000002' AND key = 'csat'`,
    );
    await queryRunner.query(
      `UPDATE "questions" SET "source" = $1
        WHERE survey_id = '5e1f0000-0000-4000-8000-000000000002' AND key = 'nps'`,
      [NPS_SOURCE],
    );
    await queryRunner.query(
      `UPDATE "questions" SET "source" = $1
        WHERE survey_id = '5e1f0000-0000-4000-8000-000000000001' AND key = 'enps'`,
      [ENPS_SOURCE],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "uq_questions_survey_metric_role"`);
    await queryRunner.query(
      `ALTER TABLE "questions" DROP CONSTRAINT "ck_questions_metric_role_kind"`,
    );
    await queryRunner.query(
      `ALTER TABLE "questions" DROP CONSTRAINT "ck_questions_reverse_keyed_likert"`,
    );
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "source"`);
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "metric_role"`);
    await queryRunner.query(`ALTER TABLE "questions" DROP COLUMN "reverse_keyed"`);
  }
}

const NPS_SOURCE =
  'The Net Promoter “likelihood to recommend” question, 0–10 (Reichheld, 2003, “The One Number You Need to Grow”, Harvard Business Review).';
const ENPS_SOURCE =
  'Employee Net Promoter (eNPS): the Net Promoter question (Reichheld, 2003, Harvard Business Review) asked about the workplace.';
