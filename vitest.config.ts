import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Each scenario's tests live in its folder (src/exhibits/scenarios/<name>/<name>.test.ts);
    // the rest mirror src/ in test/.
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Starts (or finds) Postgres, Redis and the upstream once for the whole run.
    globalSetup: ['test/global-setup.ts'],
    // The proofs measure the event loop of the process serving the requests: on a 2-core machine,
    // test files running side by side would steal each other's CPU and blur the ratios.
    fileParallelism: false,
    // Memory proofs force a full GC before they read, so they count what is held, not garbage.
    execArgv: ['--expose-gc'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
})
