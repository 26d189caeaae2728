/** One PostgreSQL for the whole run; each spec file clones its own database from a migrated template. */
module.exports = {
  rootDir: '.',
  moduleFileExtensions: ['js', 'json', 'ts'],
  testRegex: '(src|test)/.*\\.spec\\.ts$',
  // Each file is transpiled alone (type checking is npm run check's job).
  // ts-jest, with each module reading the built-ins it uses once (test/support/jest-transform.js).
  transform: {
    '^.+\\.ts$': ['<rootDir>/test/support/jest-transform.js', { tsconfig: 'tsconfig.jest.json' }],
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Generous: a whole page walk in Chromium on a busy 2-core machine can take minutes; a hung
  // test still fails, just later.
  testTimeout: 180000,
  maxWorkers: 2,
  // A worker keeps about 20 MB of every spec file it has run (a heap snapshot after three files
  // still held all three applications, through the vm contexts the files ran in), so one that
  // ran half the suite held 1.2–1.3 GB, took Node over 500 ms to tear down, and jest ended
  // every run by killing both workers ("A worker process has failed to exit gracefully").
  // A worker past this much live heap after a file is replaced by a fresh one before the next.
  workerIdleMemoryLimit: '600MB',
};
