import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dated employee history: employment periods (hire → exit, a rehire is a new period) and the
 * unit assignments that cover each period day for day. Backfilled from the employees rows:
 * each person gets one period from their hire date and one assignment in their current unit.
 */
export class CreateEmployeeHistory1795500800000 implements MigrationInterface {
  name = 'CreateEmployeeHistory1795500800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "employment_periods" (
        "id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "hire_date" date NOT NULL,
        "exit_date" date,
        "exit_type" text,
        CONSTRAINT "ck_employment_periods_dates" CHECK (exit_date IS NULL OR exit_date >= hire_date),
        CONSTRAINT "pk_employment_periods" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_employment_periods_employee_hire"
         ON "employment_periods" ("employee_id", "hire_date")`,
    );
    await queryRunner.query(
      `ALTER TABLE "employment_periods" ADD CONSTRAINT "fk_employment_periods_employee"
         FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "unit_assignments" (
        "id" uuid NOT NULL,
        "employee_id" uuid NOT NULL,
        "period_id" uuid NOT NULL,
        "unit_id" uuid NOT NULL,
        "start_date" date NOT NULL,
        "end_date" date,
        CONSTRAINT "ck_unit_assignments_dates" CHECK (end_date IS NULL OR end_date >= start_date),
        CONSTRAINT "pk_unit_assignments" PRIMARY KEY ("id")
      )`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_unit_assignments_employee_start"
         ON "unit_assignments" ("employee_id", "start_date")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_unit_assignments_unit" ON "unit_assignments" ("unit_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_unit_assignments_period" ON "unit_assignments" ("period_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "unit_assignments" ADD CONSTRAINT "fk_unit_assignments_employee"
         FOREIGN KEY ("employee_id") REFERENCES "employees"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "unit_assignments" ADD CONSTRAINT "fk_unit_assignments_period"
         FOREIGN KEY ("period_id") REFERENCES "employment_periods"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "unit_assignments" ADD CONSTRAINT "fk_unit_assignments_unit"
         FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // The backfill: the same rows the application writes for a person without history
    // (src/directory/history/employee-history.queries.ts, beginMissingHistory).
    await queryRunner.query(
      `INSERT INTO employment_periods (id, employee_id, hire_date, exit_date, exit_type)
       SELECT gen_random_uuid(), e.id, e.hire_date, CASE WHEN e.exit_date IS NOT NULL THEN greatest(e.exit_date, e.hire_date) END,
              CASE WHEN e.exit_date IS NOT NULL THEN e.exit_type END
         FROM employees e`,
    );
    await queryRunner.query(
      `INSERT INTO unit_assignments (id, employee_id, period_id, unit_id, start_date, end_date)
       SELECT gen_random_uuid(), p.employee_id, p.id, e.unit_id, p.hire_date, p.exit_date
         FROM employment_periods p JOIN employees e ON e.id = p.employee_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "unit_assignments"`);
    await queryRunner.query(`DROP TABLE "employment_periods"`);
  }
}
