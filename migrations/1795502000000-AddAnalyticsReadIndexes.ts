import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partial indexes for the analytics read model's small reads: the response-count rows of
 * unit_cycle_stats (cycle coverage), and the few ended employment periods and deactivated
 * employees the retention aggregate joins to every unit assignment (both were whole-table
 * scans before each report's retention read).
 */
export class AddAnalyticsReadIndexes1795502000000 implements MigrationInterface {
  name = 'AddAnalyticsReadIndexes1795502000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_unit_cycle_stats_responses" ON "unit_cycle_stats" ("cycle_id") WHERE metric = '*'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_employment_periods_exited" ON "employment_periods" ("id", "exit_date", "exit_type") WHERE exit_type IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_employees_deactivated" ON "employees" ("id", "deactivated_at") WHERE deactivated_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_employees_deactivated"`);
    await queryRunner.query(`DROP INDEX "ix_employment_periods_exited"`);
    await queryRunner.query(`DROP INDEX "ix_unit_cycle_stats_responses"`);
  }
}
