/**
 * Jest's order, with a recorded run's timings for files jest has no timing of its own for yet
 * (a fresh clone, CI).
 *
 * Jest runs the files that took longest last time first, so that the run does not end with one
 * worker busy and the other idle; a file it has no time for runs first, and among those the
 * largest first. But the longest files are among the smallest (the two site walks, about a
 * minute each, are a few lines calling test/support/site-walk.ts; the mail fault scenarios are a
 * short file that starts app processes), so a fresh run ended with them, one worker waiting
 * 12-18 s for the other. Here a file jest has not timed takes its time from
 * test/support/file-durations.json (milliseconds by path from the project's root); a file in
 * neither still runs first, as jest has it.
 *
 * `node test/support/test-sequencer.js record <jest --json output>` rewrites the durations file.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const ROOT = join(__dirname, '..', '..');
const DURATIONS_FILE = join(__dirname, 'file-durations.json');

const fromRoot = (path) => relative(ROOT, path).split('\\').join('/');

class RecordedTimesSequencer extends Sequencer {
  time(test) {
    this.recorded ??= JSON.parse(readFileSync(DURATIONS_FILE, 'utf8'));
    return super.time(test) ?? this.recorded[fromRoot(test.path)];
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
  const durations = run.testResults
    .map((result) => [fromRoot(result.name), result.endTime - result.startTime])
    .sort((a, b) => b[1] - a[1]);
  writeFileSync(DURATIONS_FILE, `${JSON.stringify(Object.fromEntries(durations), null, 2)}\n`);
}

module.exports = RecordedTimesSequencer;
