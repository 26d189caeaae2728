import { EntityManager } from 'typeorm';
import { splitEmails } from '../../common/validators';
import { AccountRow } from './import-rows.dto';
import { ImportDefinition, ImportPlan } from './import.types';
import { changedColumns, queryErrors, summarizeDiff, unnestRows } from './staging';

const STAGE_COLUMNS = [
  ['line', 'int'],
  ['external_id', 'text'],
  ['name', 'text'],
  ['unit_external_id', 'text'],
  ['emails', 'text'],
  ['churn_date', 'date'],
] as const;

const LINKS_NOW = `ARRAY(SELECT r.employee_id FROM account_relationship_employees r
                          WHERE r.account_id = s.id ORDER BY 1)`;
const LINKS_NEXT = `ARRAY(SELECT DISTINCT l.employee_id FROM import_account_links l
                           WHERE l.account_id = s.id ORDER BY 1)`;

const COMPARED = [
  ['name', 'a.name', 's.name'],
  ['unit_external_id', 'a.unit_id', 's.unit_id'],
  ['churn_date', 'a.churn_date', 's.churn_date'],
  ['relationship_employee_emails', LINKS_NOW, LINKS_NEXT],
  ['reactivated', 'a.deactivated_at', 'NULL::timestamptz'],
] as const;

/** Accounts match by external_id; relationship employees are named by email and must exist. */
export const accountImport: ImportDefinition<AccountRow> = {
  kind: 'accounts',
  columns: [
    'external_id',
    'name',
    'unit_external_id',
    'relationship_employee_emails',
    'churn_date',
  ],
  rowClass: AccountRow,
  uniqueColumns: ['external_id'],

  async plan(manager: EntityManager, rows): Promise<ImportPlan> {
    const { from, params } = unnestRows(STAGE_COLUMNS, [
      rows.map((r) => r.line),
      rows.map((r) => r.row.external_id ?? null),
      rows.map((r) => r.row.name ?? null),
      rows.map((r) => r.row.unit_external_id ?? null),
      rows.map((r) =>
        (splitEmails(r.row.relationship_employee_emails ?? '') as string[]).join(';'),
      ),
      rows.map((r) => r.row.churn_date ?? null),
    ]);
    await manager.query(
      `CREATE TEMP TABLE import_accounts ON COMMIT DROP AS
       SELECT s.line, s.external_id, s.name, s.unit_external_id, s.churn_date,
              coalesce(string_to_array(nullif(s.emails, ''), ';'), '{}') AS emails,
              u.id AS unit_id, a.id AS target_id, coalesce(a.id, gen_random_uuid()) AS id
         FROM ${from}
         LEFT JOIN units u ON u.external_id = s.unit_external_id
         LEFT JOIN customer_accounts a ON a.external_id = s.external_id`,
      params,
    );
    await manager.query(
      `CREATE TEMP TABLE import_account_links ON COMMIT DROP AS
       SELECT s.id AS account_id, s.line, x.email, e.id AS employee_id
         FROM import_accounts s CROSS JOIN LATERAL unnest(s.emails) AS x(email)
         LEFT JOIN employees e ON e.email = x.email`,
    );
    await manager.query(`CREATE INDEX ON import_account_links (account_id)`);
    const errors = await queryErrors(
      manager,
      `SELECT line, 'unit_external_id' AS column, 'no unit has this external id' AS message,
              unit_external_id AS value
         FROM import_accounts WHERE unit_external_id IS NOT NULL AND unit_id IS NULL
       UNION ALL
       SELECT line, 'relationship_employee_emails', 'no employee has the email ' || email, email
         FROM import_account_links WHERE employee_id IS NULL`,
    );
    const diff = await summarizeDiff(
      manager,
      `SELECT s.line, s.external_id AS key, s.name, s.target_id IS NULL AS is_new,
              ${changedColumns(COMPARED)} AS changes
         FROM import_accounts s LEFT JOIN customer_accounts a ON a.id = s.target_id`,
    );
    return { ...diff, errors, notes: [] };
  },

  async apply(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO customer_accounts AS a (id, external_id, name, unit_id, churn_date)
       SELECT s.id, s.external_id, s.name, s.unit_id, s.churn_date FROM import_accounts s
       ON CONFLICT (external_id) DO UPDATE
          SET name = EXCLUDED.name, unit_id = EXCLUDED.unit_id, churn_date = EXCLUDED.churn_date,
              deactivated_at = NULL, updated_at = now()
        WHERE (a.name, a.unit_id, a.churn_date, a.deactivated_at)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.unit_id, EXCLUDED.churn_date, NULL::timestamptz)`,
    );
    await manager.query(
      `DELETE FROM account_relationship_employees r USING import_accounts s
        WHERE r.account_id = s.id
          AND NOT EXISTS (SELECT 1 FROM import_account_links l
                           WHERE l.account_id = r.account_id AND l.employee_id = r.employee_id)`,
    );
    await manager.query(
      `INSERT INTO account_relationship_employees (account_id, employee_id)
       SELECT DISTINCT account_id, employee_id FROM import_account_links
       ON CONFLICT DO NOTHING`,
    );
  },
};
