/**
 * `npm run bench` runs every bench/*.bench.ts in turn; `npm run bench -- <name>` runs one.
 * Each benchmark runs in its own Node process so its memory figures are its own, and
 * prints each figure on its own line as `key: value unit`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const all = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const chosen = names.length ? names : all;

let failed = 0;
for (const name of chosen) {
  const file = join(__dirname, `${name}.bench.ts`);
  if (!existsSync(file)) {
    console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
    failed++;
    continue;
  }
  console.log(`# ${name}`);
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', 'ts-node/register/transpile-only', file],
    { stdio: 'inherit', env: process.env },
  );
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
