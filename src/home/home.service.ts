import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class HomeService {
  constructor(private readonly dataSource: DataSource) {}

  /** Counts for the dashboard; an empty directory shows the three first steps instead. */
  async summarize() {
    const [row] = await this.dataSource.query<
      Array<{ units: number; employees: number; accounts: number; contacts: number }>
    >(`SELECT (SELECT count(*) FROM units WHERE deactivated_at IS NULL)::int AS units,
              (SELECT count(*) FROM employees WHERE deactivated_at IS NULL
                 AND (exit_date IS NULL OR exit_date > current_date))::int AS employees,
              (SELECT count(*) FROM customer_accounts WHERE deactivated_at IS NULL
                 AND (churn_date IS NULL OR churn_date > current_date))::int AS accounts,
              (SELECT count(*) FROM contacts WHERE deactivated_at IS NULL AND subscribed)::int AS contacts`);
    return { counts: row, empty: row.units === 0 };
  }
}
