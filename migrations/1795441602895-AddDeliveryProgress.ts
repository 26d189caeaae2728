import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddDeliveryProgress1795441602895 implements MigrationInterface {
  name = 'AddDeliveryProgress1795441602895';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cycles" ADD "sends_queued_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "cycles" ADD "reminder_rounds_queued" integer NOT NULL DEFAULT '0'`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD "sending_until" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "sending_until"`);
    await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "reminder_rounds_queued"`);
    await queryRunner.query(`ALTER TABLE "cycles" DROP COLUMN "sends_queued_at"`);
  }
}
