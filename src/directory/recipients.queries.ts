import { Queryable, queryRows } from '../database/sql';

/**
 * Who a launch reaches, published by the directory for one set-based statement. Opening a cycle
 * makes up to 100,000 invitations; delivery (the owner of invitations) writes them with one
 * `INSERT INTO invitations … SELECT … FROM (<recipients>) r`, so the rows never pass through
 * Node. The directory keeps the rules (who is working today, which contact may be mailed, what a
 * unit's subtree is) and the tables here; delivery sees only the columns below. Each builder
 * takes the placeholder of a `uuid[]` parameter holding the target units (e.g. `'$2'`); a target
 * stands for its active subtree.
 */

/** Columns of activeEmployeesUnder. */
export interface EmployeeRecipient {
  employee_id: string;
  unit_id: string;
  email: string | null;
  name: string;
  hire_date: string;
  /** null: the company's default language */
  language: string | null;
}

/** Columns of reachableContactsUnder; `unit_id` is the unit serving the account. */
export interface ContactRecipient {
  contact_id: string;
  account_id: string;
  unit_id: string;
  email: string;
  name: string;
  /** null: the company's default language */
  language: string | null;
}

/** Active units at or below the target units (each once). */
function activeUnitsUnder(unitIds: string): string {
  return `SELECT u.id FROM units tu
            JOIN units u ON u.path LIKE tu.path || '%' AND u.deactivated_at IS NULL
           WHERE tu.id = ANY(${unitIds}::uuid[])`;
}

/** Employees working today in the active subtrees of the target units. */
export function activeEmployeesUnder(unitIds: string): string {
  return `SELECT e.id AS employee_id, e.unit_id, e.email, e.name, e.hire_date, e.language
            FROM employees e
           WHERE e.unit_id IN (${activeUnitsUnder(unitIds)})
             AND e.deactivated_at IS NULL AND e.hire_date <= current_date
             AND (e.exit_date IS NULL OR e.exit_date > current_date)`;
}

/** Subscribed, active contacts of active, not churned accounts served in those subtrees. */
export function reachableContactsUnder(unitIds: string): string {
  return `SELECT c.id AS contact_id, a.id AS account_id, a.unit_id, c.email, c.name, c.language
            FROM contacts c
            JOIN customer_accounts a ON a.id = c.account_id
           WHERE a.unit_id IN (${activeUnitsUnder(unitIds)})
             AND c.deactivated_at IS NULL AND c.subscribed AND a.deactivated_at IS NULL
             AND (a.churn_date IS NULL OR a.churn_date > current_date)`;
}

/** How many employees and contacts a launch over these target units would reach. */
export async function countRecipientsUnder(
  db: Queryable,
  unitIds: readonly string[],
): Promise<{ employees: number; contacts: number }> {
  const [row] = await queryRows<{ employees: number; contacts: number }>(
    db,
    `SELECT (SELECT count(*) FROM (${activeEmployeesUnder('$1')}) e)::int AS employees,
            (SELECT count(*) FROM (${reachableContactsUnder('$1')}) c)::int AS contacts`,
    [[...unitIds]],
  );
  return row;
}
