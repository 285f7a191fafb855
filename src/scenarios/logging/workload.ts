import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * The API logs to a pipe whose reader (a separate process, src/log-sink) reads for 10 ms of every
 * 100 ms: the same slow reader for both variants, whatever the disk. 2,000 req/s offered to each
 * (the open model: both get the same requests), 20 lines of ~160 bytes per request, ~6 MB/s of
 * log: the reader keeps up on average (it reads ~290 MB/s while it reads, measured alone), so a
 * buffer can absorb its pauses, while a synchronous write waits out each of them: the pipe's
 * 64 KiB hold 20 requests' lines. (On a plain file in the page cache the two measured 0.6–1.2×
 * of each other from machine to machine: a write(2) there costs microseconds, and the lesson did
 * not reproduce.)
 * Targets: async ≥ 2× sync's req/s, its loop-delay p99 under 50 ms, and no line dropped.
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
})
