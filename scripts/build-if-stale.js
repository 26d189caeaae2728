#!/usr/bin/env node
/**
 * `npm start` builds only when something the build reads changed since the last build: a file
 * under src/ or migrations/, the tsconfig files, nest-cli.json, package.json or
 * package-lock.json newer than dist's build stamp. Folders count too, since deleting or
 * renaming a file changes its folder's time. No stamp or no dist/src/main.js: build. Views and
 * public files are read at run time and need no build. `--force` always builds.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const INPUTS = [
  'src',
  'migrations',
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package.json',
  'package-lock.json',
];
const STAMP = join('dist', '.build-stamp');
const OUTPUT = join('dist', 'src', 'main.js');

/** The latest modification time (ms) of the given paths under root and everything in them; 0 for none. */
function newestMtime(root, paths) {
  let newest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // an optional input that is not there (no lock file)
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/**
 * Whether to build: the stamp's time is when the last successful build started, so a file
 * saved during that build (at or after its start) counts as changed.
 */
function isBuildStale({ stampMtimeMs, newestInputMtimeMs, outputExists }) {
  if (!outputExists || stampMtimeMs === null) return true;
  return newestInputMtimeMs >= stampMtimeMs;
}

function stampMtime(root) {
  try {
    return statSync(join(root, STAMP)).mtimeMs;
  } catch {
    return null;
  }
}

function main(argv) {
  const started = Date.now();
  const stale =
    argv.includes('--force') ||
    isBuildStale({
      stampMtimeMs: stampMtime(ROOT),
      newestInputMtimeMs: newestMtime(ROOT, INPUTS),
      outputExists: existsSync(join(ROOT, OUTPUT)),
    });
  if (!stale) return 0;
  const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [ROOT] });
  const build = spawnSync(process.execPath, [nest, 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const stamp = join(ROOT, STAMP);
  writeFileSync(stamp, 'the last successful build started at this file time\n');
  utimesSync(stamp, started / 1000, started / 1000);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { isBuildStale, newestMtime };
