import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * cycles.pilot: a cycle run on a few units to try Tandem out. Its own report stays reachable;
 * it is kept out of company trends, the dashboard's headline and the default range.
 */
export class AddCyclePilot1795500400000 implements MigrationInterface {
  name = 'AddCyclePilot1795500400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cycles" ADD "pilot" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "pilot"`);
  }
}
