// Three projects so a developer can run one alone: `npm run test:unit`, `test:e2e`, `test:browser`.
// ts-jest transpiles only (isolatedModules); `npm run typecheck` does the type checking once.
const tsJest = ['ts-jest', { tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node10', target: 'ES2022', esModuleInterop: true } }];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleFileExtensions: ['ts', 'js', 'json'] };
module.exports = {
  // Jest reads testTimeout globally, never per project, so the browser project's own value only
  // applies when it runs alone. A timeout here catches hangs; it is not a speed check, so it is
  // long enough for a machine that runs two suites at once.
  testTimeout: 180_000,
  // One worker per core, not Jest's default of one fewer: the suites spend much of their time
  // waiting on the fakes' loopback HTTP and worker threads, so on 2 cores two workers take about
  // 200 s where one takes about 345 s. Counts, not speed, are asserted, so a busier machine only
  // takes longer.
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], slowTestThreshold: 20 },
    '<rootDir>/test/browser/jest.config.js',
  ],
};
