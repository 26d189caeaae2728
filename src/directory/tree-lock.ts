import { EntityManager } from 'typeorm';

/** Serialises changes to the unit tree (create, move, import) so two moves cannot interleave. */
export async function lockDirectoryTree(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('tandem.directory.tree'))`);
}
