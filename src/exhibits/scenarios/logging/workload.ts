import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * The API logs to a pipe whose reader (src/exhibits/log-sink) reads for 10 ms of every 100 ms: the same slow
 * reader for both variants. 2,000 req/s offered to each, 20 lines of ~160 bytes per request: the
 * reader keeps up on average, so a buffer absorbs its pauses while a synchronous write waits out
 * each of them (the pipe's 64 KiB hold 20 requests' lines).
 */
export const workload = defineWorkload({
  offeredRps: 2_000,
  logSink: { readMs: 10, everyMs: 100 },
  request: (path) => ({ method: 'GET', path: `${path}?lines=20` }),
  ceilingRps: () => 2_000,
  ceilingNote: 'the offered rate',
  counterAfterRun: { name: 'droppedLines', path: (path) => `${path}?lines=1` },
  targets: [{ variant: 'async', minSpeedup: 2, maxLoopDelayP99Ms: 50, maxCounterAfterRun: 0 }],
  doctor: {
    expect: { sync: 'loop-blocked', async: 'healthy' },
    why: "with the bench's slow reader (10 ms of every 100), the sync destination's writes wait for the reader, and the loop with them",
  },
  lint: {
    expect: { sync: ['blindspots/no-sync-log-destination'], async: [] },
  },
})
