import { defineConfig } from 'vitest/config';

/**
 * Files that need the code loaded afresh: add-a-provider.test.ts mocks the provider registry
 * (vi.mock), which works only before anything imported it, and must not reach other files.
 */
const OWN_MODULES = ['test/add-a-provider.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['test/support/quiet-log.ts'],
    // expect.poll waits for an event (a request reaching a stand-in, a line on stderr); its 1 s
    // default is a speed bound a busy machine can miss. The test's own time limit still ends a hang.
    expect: { poll: { timeout: 20_000 } },
    // Most files wait on I/O, timers and child processes rather than the CPU, so on a 2-core
    // machine three files at a time finish sooner than vitest's default of cores - 1 = one.
    maxWorkers: 3,
    projects: [
      // Loading the server, the SDK and zod again for every file cost about 2 s of CPU a file (most of
      // the time outside the tests), so the other files share each worker's loaded modules.
      // What a file leaves behind in a module (the log's sink, level and format) the setup file resets.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: OWN_MODULES, isolate: false } },
      { extends: true, test: { name: 'own-modules', include: OWN_MODULES } },
    ],
  },
});
