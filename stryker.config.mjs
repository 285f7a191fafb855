// @ts-check
/**
 * `npm run test:mutation`: mutation testing of the code that is not a scenario variant (variants
 * are proved by the swapped run, `npm run test:swapped`): the queue's dead-lettering, re-drive,
 * backoff and ids, atomic report files, the connection gate, cursors, the driver-error mapping,
 * and the tools' rules: the doctor's verdicts, its report and its readings of /metrics and
 * /proc/stat, verify's verdict, the bench's intervals, rounds and targets, the stall log, the
 * metrics plugin, the queue summary and the admission bound.
 * Stryker changes one thing at a time in these files and runs the tests that cover it; a mutant
 * that no test notices is a gap. Slow on 2 cores (tens of minutes): outside CI.
 * StrykerJS 9.x: its 10.x needs Node 22. In place, not in a sandbox: Stryker's sandbox folder is
 * private to its user, and the embedded Postgres runs as the `postgres` user, which cannot reach a
 * data folder inside it. In place, Stryker changes the files here and puts them back at the end:
 * run nothing else from this tree meanwhile, and check `git status` if a run is interrupted.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/jobs/report-job.ts',
    'src/jobs/worker.ts',
    'src/jobs/build-report.ts',
    'src/db/connection-gate.ts',
    'src/db/connection-errors.ts',
    'src/exhibits/scenarios/pagination/cursor.ts',
    'src/exhibits/db/order-csv-to-ndjson.ts',
    'bench/doctor/diagnose.ts',
    'bench/doctor/report.ts',
    'bench/doctor/machine-cpu.ts',
    'bench/doctor/inside-view.ts',
    'scripts/verify-verdict.ts',
    'bench/stats.ts',
    'bench/rounds.ts',
    'bench/targets.ts',
    'src/plugins/loop-stall-log.ts',
    'src/plugins/metrics.ts',
    'src/plugins/report-queue.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  timeoutMS: 60_000,
  inPlace: true,
  tempDirName: '.data/stryker-tmp',
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: '.data/mutation/report.json' },
  thresholds: { high: 90, low: 80, break: null },
}
