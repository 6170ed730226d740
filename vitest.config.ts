import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Model-checking tests explore thousands of states; the default 5 s is too tight on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Both cores of the CI machine (the default keeps one free): no test measures time.
    maxWorkers: 2,
  },
});
