/**
 * import: a 50,000-employee CSV into an empty directory (its units created first, not timed),
 * through the same ImportRunner the pages, API and CLI use, in one transaction.
 *   import_rows_per_s     rows written per second (parse + validate + stage + diff + upsert)
 *   import_rss_mb         peak resident memory of the process during the import
 *   import_unchanged_rows_per_s  the same file again (every row compared, none written)
 */
import 'reflect-metadata';
import { ImportRunner } from '../src/directory/import/import-runner.service';
import {
  employeeRows,
  employeesCsv,
  unitsCsv,
  unitTree,
} from '../test/fixtures/directory/directory-csv';
import { withBenchApp } from './support/bench-app';

const ROWS = 50_000;

async function main(): Promise<void> {
  await withBenchApp({}, async (app) => {
    const runner = app.get(ImportRunner);
    const units = unitTree(20, 24);
    await runner.run('units', unitsCsv(units), { apply: true });
    const teams = units.filter((u) => u.parent_external_id).map((u) => u.external_id);
    const csv = employeesCsv(employeeRows(ROWS, teams));
    (globalThis as { gc?: () => void }).gc?.();

    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    const started = process.hrtime.bigint();
    const summary = await runner.run('employees', csv, { apply: true });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (!summary.applied || summary.toCreate !== ROWS)
      throw new Error(`Import failed: ${JSON.stringify(summary.errors.slice(0, 3))}`);

    const againStarted = process.hrtime.bigint();
    const again = await runner.run('employees', csv, { apply: true });
    const againSeconds = Number(process.hrtime.bigint() - againStarted) / 1e9;
    if (again.unchanged !== ROWS) throw new Error('Re-import changed rows');

    console.log(`import_rows_per_s: ${Math.round(ROWS / seconds)} rows/s`);
    console.log(`import_rss_mb: ${Math.round(peakRss / 1024 / 1024)} MB`);
    console.log(`import_unchanged_rows_per_s: ${Math.round(ROWS / againSeconds)} rows/s`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
