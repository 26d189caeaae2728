import { EntityManager } from 'typeorm';
import { UnitRow } from './import-rows.dto';
import { ImportDefinition, ImportPlan } from './import.types';
import { changedColumns, queryErrors, summarizeDiff, unnestRows } from './staging';

const STAGE_COLUMNS = [
  ['line', 'int'],
  ['external_id', 'text'],
  ['name', 'text'],
  ['parent_external_id', 'text'],
] as const;

const COMPARED = [
  ['name', 'u.name', 's.name'],
  ['parent_external_id', 'u.parent_id', 's.parent_id'],
  ['reactivated', 'u.deactivated_at', 'NULL::timestamptz'],
] as const;

/**
 * Units match by external_id; a parent may be another row of the file (in any order) or a
 * unit already in the directory. Paths are recomputed over the resulting tree, so moving a
 * unit in the file carries its descendants, and a file that would make a loop is refused.
 */
export const unitImport: ImportDefinition<UnitRow> = {
  kind: 'units',
  columns: ['external_id', 'name', 'parent_external_id'],
  rowClass: UnitRow,
  uniqueColumns: ['external_id'],

  async plan(manager: EntityManager, rows): Promise<ImportPlan> {
    const { from, params } = unnestRows(STAGE_COLUMNS, [
      rows.map((r) => r.line),
      rows.map((r) => r.row.external_id ?? null),
      rows.map((r) => r.row.name ?? null),
      rows.map((r) => r.row.parent_external_id ?? null),
    ]);
    await manager.query(
      `CREATE TEMP TABLE import_units ON COMMIT DROP AS
       SELECT s.*, u.id AS target_id, coalesce(u.id, gen_random_uuid()) AS id, NULL::uuid AS parent_id
         FROM ${from} LEFT JOIN units u ON u.external_id = s.external_id`,
      params,
    );
    await manager.query(`CREATE INDEX ON import_units (external_id)`);
    await manager.query(
      `UPDATE import_units s
          SET parent_id = coalesce(
                (SELECT f.id FROM import_units f WHERE f.external_id = s.parent_external_id),
                (SELECT u.id FROM units u WHERE u.external_id = s.parent_external_id))
        WHERE s.parent_external_id IS NOT NULL`,
    );
    // The tree as it would be after the import: file rows override stored units.
    await manager.query(
      `CREATE TEMP TABLE import_unit_paths ON COMMIT DROP AS
       WITH RECURSIVE graph AS (
         SELECT id, parent_id, parent_external_id IS NOT NULL AS wants_parent FROM import_units
         UNION ALL
         SELECT u.id, u.parent_id, u.parent_id IS NOT NULL FROM units u
          WHERE NOT EXISTS (SELECT 1 FROM import_units s WHERE s.id = u.id)
       ), tree AS (
         SELECT id, '/' || id || '/' AS path FROM graph WHERE NOT wants_parent
         UNION ALL
         SELECT g.id, t.path || g.id || '/' FROM graph g JOIN tree t ON g.parent_id = t.id
       )
       SELECT id, path FROM tree`,
    );
    await manager.query(`CREATE UNIQUE INDEX ON import_unit_paths (id)`);
    const errors = await queryErrors(
      manager,
      `SELECT line, 'parent_external_id' AS column,
              'no unit has this external id, in the file or the directory' AS message,
              parent_external_id AS value
         FROM import_units WHERE parent_external_id IS NOT NULL AND parent_id IS NULL
       UNION ALL
       SELECT s.line, 'parent_external_id', 'would place the unit inside itself (a loop)',
              s.parent_external_id
         FROM import_units s
        WHERE s.parent_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM import_unit_paths p WHERE p.id = s.id)`,
    );
    const diff = await summarizeDiff(
      manager,
      `SELECT s.line, s.external_id AS key, s.name, s.target_id IS NULL AS is_new,
              ${changedColumns(COMPARED)} AS changes
         FROM import_units s LEFT JOIN units u ON u.id = s.target_id`,
    );
    const [moved]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM units u JOIN import_unit_paths p ON p.id = u.id
        WHERE u.path <> p.path AND NOT EXISTS (SELECT 1 FROM import_units s WHERE s.id = u.id)`,
    );
    const notes = moved.n
      ? [`${moved.n} unit(s) not in the file move along with a parent that moves.`]
      : [];
    return { ...diff, errors, notes };
  },

  async apply(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO units AS u (id, external_id, name, parent_id, path)
       SELECT s.id, s.external_id, s.name, s.parent_id, p.path
         FROM import_units s JOIN import_unit_paths p ON p.id = s.id
       ON CONFLICT (external_id) DO UPDATE
          SET name = EXCLUDED.name, parent_id = EXCLUDED.parent_id, path = EXCLUDED.path,
              deactivated_at = NULL, updated_at = now()
        WHERE (u.name, u.parent_id, u.path, u.deactivated_at)
              IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.parent_id, EXCLUDED.path, NULL::timestamptz)`,
    );
    // Descendants that are not in the file follow their moved ancestors.
    await manager.query(
      `UPDATE units u SET path = p.path, updated_at = now()
         FROM import_unit_paths p WHERE p.id = u.id AND u.path <> p.path`,
    );
  },
};
