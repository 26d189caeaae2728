import { Queryable, queryRows } from '../../database/sql';

/** Active units, working employees, live accounts and reachable contacts. */
export interface DirectoryCounts {
  units: number;
  employees: number;
  accounts: number;
  contacts: number;
}

/** Directory sizes at or below `scopePath` (everything when null), for the dashboard. */
export async function directoryCounts(
  db: Queryable,
  scopePath: string | null,
): Promise<DirectoryCounts> {
  const [row] = await queryRows<DirectoryCounts>(
    db,
    `WITH scoped AS (SELECT id FROM units WHERE deactivated_at IS NULL
                       AND ($1::text IS NULL OR path LIKE $1 || '%'))
     SELECT (SELECT count(*) FROM scoped)::int AS units,
            (SELECT count(*) FROM employees e JOIN scoped s ON s.id = e.unit_id
              WHERE e.deactivated_at IS NULL AND e.hire_date <= current_date
                AND (e.exit_date IS NULL OR e.exit_date > current_date))::int AS employees,
            (SELECT count(*) FROM customer_accounts a JOIN scoped s ON s.id = a.unit_id
              WHERE a.deactivated_at IS NULL
                AND (a.churn_date IS NULL OR a.churn_date > current_date))::int AS accounts,
            (SELECT count(*) FROM contacts c
               JOIN customer_accounts a ON a.id = c.account_id JOIN scoped s ON s.id = a.unit_id
              WHERE c.deactivated_at IS NULL AND c.subscribed AND a.deactivated_at IS NULL
                AND (a.churn_date IS NULL OR a.churn_date > current_date))::int AS contacts`,
    [scopePath],
  );
  return row;
}
