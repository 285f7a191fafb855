import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file. `cached`, the
 * bench's lightest route, is also where `--metrics-cost` measures the per-request instrumentation
 * (bench/instrumentation-cost.ts).
 */
export const workload = defineWorkload({
  // 20 connections: the reads are blocked or slow with 20 as with 100, and the backlog a slow
  // variant leaves after its round (waited out before the next) is five times shorter.
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  // The speed-up is a cache hit against a read (work against no work); the loop freed is the mechanism.
  targets: [{ variant: 'cached', minSpeedup: 20, maxLoopDelayRatio: 0.1, versus: 'sync-read' }],
  doctor: {
    expect: { 'sync-read': 'loop-blocked', 'async-read': 'loop-blocked', cached: 'healthy' },
  },
  lint: {
    expect: {
      'sync-read': ['blindspots/no-sync-on-request-path', 'blindspots/no-whole-file-read'],
      'async-read': ['blindspots/no-whole-file-read'],
      cached: [],
    },
  },
})
