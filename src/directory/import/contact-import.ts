import { EntityManager } from 'typeorm';
import { parseBoolean } from '../../common/validators';
import { ContactRow } from './import-rows.dto';
import { ImportDefinition, ImportPlan } from './import.types';
import { changedColumns, queryErrors, summarizeDiff, unnestRows } from './staging';

const STAGE_COLUMNS = [
  ['line', 'int'],
  ['email', 'text'],
  ['name', 'text'],
  ['account_external_id', 'text'],
  ['subscribed', 'bool'],
  ['language', 'text'],
] as const;

const COMPARED = [
  ['name', 'c.name', 's.name'],
  ['account_external_id', 'c.account_id', 's.account_id'],
  ['subscribed', 'c.subscribed', 's.subscribed'],
  ['language', 'c.language', 's.language'],
  ['reactivated', 'c.deactivated_at', 'NULL::timestamptz'],
] as const;

/**
 * Contacts match by email. A contact who has unsubscribed stays unsubscribed: an import
 * never signs someone up again (only a person editing the contact can).
 */
export const contactImport: ImportDefinition<ContactRow> = {
  kind: 'contacts',
  columns: ['email', 'name', 'account_external_id', 'subscribed', 'language'],
  rowClass: ContactRow,
  uniqueColumns: ['email'],

  async plan(manager: EntityManager, rows): Promise<ImportPlan> {
    const { from, params } = unnestRows(STAGE_COLUMNS, [
      rows.map((r) => r.line),
      rows.map((r) => r.row.email?.toLowerCase() ?? null),
      rows.map((r) => r.row.name ?? null),
      rows.map((r) => r.row.account_external_id ?? null),
      rows.map((r) => (r.row.subscribed === undefined ? true : parseBoolean(r.row.subscribed))),
      rows.map((r) => r.row.language ?? null),
    ]);
    await manager.query(
      `CREATE TEMP TABLE import_contacts ON COMMIT DROP AS
       SELECT s.line, s.email, s.name, s.account_external_id, s.language, a.id AS account_id,
              c.id AS target_id,
              CASE WHEN c.unsubscribed_at IS NOT NULL THEN false ELSE s.subscribed END AS subscribed,
              s.subscribed AS wanted_subscribed
         FROM ${from}
         LEFT JOIN customer_accounts a ON a.external_id = s.account_external_id
         LEFT JOIN contacts c ON c.email = s.email`,
      params,
    );
    const errors = await queryErrors(
      manager,
      `SELECT line, 'account_external_id' AS column,
              'no customer account has this external id' AS message, account_external_id AS value
         FROM import_contacts WHERE account_external_id IS NOT NULL AND account_id IS NULL`,
    );
    const diff = await summarizeDiff(
      manager,
      `SELECT s.line, s.email AS key, s.name, s.target_id IS NULL AS is_new,
              ${changedColumns(COMPARED)} AS changes
         FROM import_contacts s LEFT JOIN contacts c ON c.id = s.target_id`,
    );
    const [kept]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM import_contacts WHERE wanted_subscribed AND NOT subscribed`,
    );
    const notes = kept.n
      ? [`${kept.n} contact(s) who unsubscribed stay unsubscribed, whatever the file says.`]
      : [];
    return { ...diff, errors, notes };
  },

  async apply(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO contacts AS c (email, name, account_id, subscribed, unsubscribed_at, language)
       SELECT s.email, s.name, s.account_id, s.subscribed,
              CASE WHEN s.subscribed THEN NULL ELSE now() END, s.language
         FROM import_contacts s
       ON CONFLICT (email) DO UPDATE
          SET name = EXCLUDED.name, account_id = EXCLUDED.account_id,
              subscribed = EXCLUDED.subscribed,
              unsubscribed_at = CASE WHEN EXCLUDED.subscribed THEN NULL
                                     ELSE coalesce(c.unsubscribed_at, now()) END,
              language = EXCLUDED.language, deactivated_at = NULL, updated_at = now()
        WHERE (c.name, c.account_id, c.subscribed, c.language, c.deactivated_at)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.account_id, EXCLUDED.subscribed,
                                EXCLUDED.language, NULL::timestamptz)`,
    );
  },
};
