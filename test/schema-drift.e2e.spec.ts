import { pendingSchemaChanges } from '../src/database/schema-drift';
import { createTestApp, TestApp } from './support/test-app';

describe('Migrations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('bring the database exactly to what the entities describe (no schema drift)', async () => {
    const { up } = await pendingSchemaChanges(t.dataSource);
    expect(up).toEqual([]);
  });

  it('record every migration file as applied', async () => {
    const applied = await t.dataSource.query(`SELECT name FROM migrations`);
    expect(applied.length).toBe(t.dataSource.migrations.length);
  });
});
