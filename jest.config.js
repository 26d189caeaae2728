/** One PostgreSQL for the whole run; each spec file clones its own database from a migrated template. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(src|test)/.*\\.spec\\.ts$',
  // Each file is transpiled alone (type checking is npm run check's job).
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  // Each file's modules run in the worker's own global context rather than a vm context of their
  // own, and packages under node_modules are loaded once per worker (test/support/jest-runtime.js).
  testEnvironment: '<rootDir>/test/support/jest-environment.js',
  runtime: '<rootDir>/test/support/jest-runtime.js',
  // A recorded run's timings for files jest has not timed yet (test/support/test-sequencer.js).
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Generous: a whole page walk in Chromium on a busy 2-core machine can take minutes; a hung
  // test still fails, just later.
  testTimeout: 180000,
  maxWorkers: 2,
  // A worker keeps about 10 MB of every spec file it has run (what holds it is not traced), so
  // one that ran half the suite would hold a heap Node takes longer to tear down than the 500 ms
  // jest waits ("A worker process has failed to exit gracefully"). A worker past this much live
  // heap after a file is replaced by a fresh one.
  workerIdleMemoryLimit: '600MB',
};
