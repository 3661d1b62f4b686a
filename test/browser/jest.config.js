// The browser specs: playwright-core driving Debian's Chromium against the built sidebar.
// Runs alone with `npx jest -c test/browser/jest.config.js`, or as the `browser` project of the
// root config (projects: [..., '<rootDir>/test/browser/jest.config.js']).
const tsJest = ['ts-jest', { tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node10', target: 'ES2022', esModuleInterop: true } }];

module.exports = {
  // Relative to this file: the repository root.
  rootDir: '../..',
  displayName: 'browser',
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/browser/support/global-setup.ts',
  // A spec starts a browser, the emulator and the fake API: seconds, not milliseconds.
  testTimeout: 180_000,
  slowTestThreshold: 30,
};
