import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * sessions.sid holds sha256(session id) from now on, so a database reader cannot take over a
 * session. Existing rows are rewritten in place: signed-in people stay signed in.
 */
export class HashSessionIds1795500000000 implements MigrationInterface {
  name = 'HashSessionIds1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "sessions" SET "sid" = encode(sha256(convert_to("sid", 'UTF8')), 'hex')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A hash cannot be turned back into the id the cookie carries: everyone signs in again.
    await queryRunner.query(`DELETE FROM "sessions"`);
  }
}
