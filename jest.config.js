/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/package/apps/ are a consumer's apps, run in a temp folder by test/package/consumer.test.ts.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/apps/'],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles here.
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testTimeout: 120000,
};
