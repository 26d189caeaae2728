/**
 * Jest's order, with a better guess for files it has no timing for yet (a fresh clone, CI).
 *
 * Jest runs the files that took longest last time first, so that the run does not end with one
 * worker busy and the other idle; a file it has no time for is placed by its size. But the
 * longest files are among the smallest (the two site walks, about a minute each, are a few lines
 * calling test/support/site-walk.ts; the mail fault scenarios are a short file that starts app
 * processes), so a fresh run ended with them, one worker waiting 10-20 s for the other.
 *
 * Untimed files here run longest first by test/support/file-durations.json, the files that took
 * 3 s or more in a recorded run; then the other browser files, the other end-to-end files and
 * the unit specs, each group largest first. Files jest has a time for keep jest's own order.
 *
 * `node test/support/test-sequencer.js record <jest --json output>` rewrites the durations file.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = join(__dirname, '..', '..');
const DURATIONS_FILE = join(__dirname, 'file-durations.json');

/** 0 for browser files, 1 for other end-to-end files, 2 for the rest. */
function group(path) {
  if (path.endsWith('.browser.e2e.spec.ts')) return 0;
  if (path.endsWith('.e2e.spec.ts')) return 1;
  return 2;
}

/** Seconds each file took in the recorded run, by its path from the project's root. */
function recordedDurations() {
  return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8'));
}

class RecordedFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const failed = sorted.filter((test) => this.hasFailed(test));
    const untimed = sorted.filter((test) => test.duration == null && !failed.includes(test));
    const timed = sorted.filter((test) => test.duration != null && !failed.includes(test));
    const durations = recordedDurations();
    const recordedSeconds = (path) => durations[relative(ROOT, path).split('\\').join('/')] ?? 0;
    // Array.prototype.sort is stable: within a group, jest's order (by size) is kept.
    untimed.sort(
      (a, b) => recordedSeconds(b.path) - recordedSeconds(a.path) || group(a.path) - group(b.path),
    );
    // Where jest places them: failed files first, then untimed ones, then timed ones.
    return [...failed, ...untimed, ...timed];
  }
}

if (require.main === module) {
  const [command, file] = process.argv.slice(2);
  if (command !== 'record' || !file) {
    process.stderr.write(
      'usage: node test/support/test-sequencer.js record <jest --json output>\n',
    );
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(file, 'utf8'));
  const seconds = run.testResults
    .map((result) => [
      relative(ROOT, result.name).split('\\').join('/'),
      Math.round((result.endTime - result.startTime) / 1000),
    ])
    .filter(([, s]) => s >= 3)
    .sort((a, b) => b[1] - a[1]);
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(Object.fromEntries(seconds), null, 2)}\n`);
}

module.exports = RecordedFirstSequencer;
