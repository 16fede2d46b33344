/** Tests run against the real Temporal dev server and PostgreSQL that test/global-setup.ts provides. */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/test',
    '<rootDir>/domain',
    '<rootDir>/src',
    '<rootDir>/workflows',
    '<rootDir>/activities',
    '<rootDir>/schema',
  ],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  setupFiles: ['reflect-metadata'],
  testSequencer: '<rootDir>/test/support/sequencer.js',
};
