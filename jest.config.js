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
};
