import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['test/support/quiet-log.ts'],
    // Most files wait on I/O, timers and child processes rather than the CPU, so on a 2-core
    // machine three files at a time finish sooner than vitest's default of cores - 1 = one.
    maxWorkers: 3,
  },
});
