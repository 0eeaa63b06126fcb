// Tests are written in TypeScript and run from the compiled output (`npm test` builds first), so Jest runs
// exactly the JavaScript the Functions host runs. node-fetch v3 is ESM-only and is loaded with import():
// that is why `npm test` starts Node with --experimental-vm-modules.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  globalSetup: '<rootDir>/dist/test/support/globalSetup.js',
  globalTeardown: '<rootDir>/dist/test/support/globalTeardown.js',
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/dist/test/support/summaryReporter.js'],
};
