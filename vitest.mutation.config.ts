/**
 * The suite as Stryker runs it (stryker.config.mjs): the same global setup, only the test files
 * that exercise the mutated modules, and no `--expose-gc` (Stryker runs vitest in worker threads,
 * which refuse that flag; none of these tests reads memory).
 */
import { defineConfig } from 'vitest/config'
import base from './vitest.config.js'

// Spread, not mergeConfig: mergeConfig concatenates arrays, and `include` must replace the suite's.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    execArgv: [],
    include: [
      'test/jobs/report-queue.test.ts',
      'test/jobs/queue-signals.test.ts',
      'src/exhibits/scenarios/reports/reports.test.ts',
      'src/exhibits/scenarios/pagination/pagination.test.ts',
      'src/exhibits/scenarios/database/database.test.ts',
      'test/infra/postgres-restart.test.ts',
      'test/jobs/report-job.test.ts',
      'test/jobs/report-worker.test.ts',
      'test/jobs/build-report.test.ts',
      'test/db/connection-gate.test.ts',
      'test/db/connection-errors.test.ts',
      'src/exhibits/scenarios/pagination/cursor.test.ts',
      'test/exhibits/db/order-csv-to-ndjson.test.ts',
      'test/bench/doctor/diagnose.test.ts',
      'test/bench/doctor/diagnose-report.test.ts',
      'test/bench/doctor/accounting.test.ts',
      'test/bench/doctor/report.test.ts',
      'test/bench/stats.test.ts',
      'test/bench/check-results.test.ts',
      'test/scripts/verify-verdict.test.ts',
      'test/plugins/loop-stall-log.test.ts',
      'test/plugins/metrics.test.ts',
      'test/jobs/queue-states.test.ts',
      'test/jobs/admission-bound.test.ts',
      'test/jobs/redis-down.test.ts',
      'test/jobs/report-queue-reads.test.ts',
    ],
  },
})
