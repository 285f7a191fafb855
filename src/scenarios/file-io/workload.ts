import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file (8 s at least:
 * the async read answers in seconds under load). `cached`, the bench's fastest route, runs again
 * in two fresh APIs with and without /metrics, where a request histogram's cost would show.
 */
export const workload = defineWorkload({
  minDurationSec: 8,
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  // Both in fresh API processes, alike but for the flag: the main API, warm from every other
  // scenario, served cached 7–18% faster than a fresh one with metrics off, the wrong way round.
  extraRuns: [
    { variant: 'cached', label: 'cached (fresh API, METRICS=true)', env: { METRICS: 'true' } },
    { variant: 'cached', label: 'cached (fresh API, METRICS=false)', env: { METRICS: 'false' } },
  ],
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
