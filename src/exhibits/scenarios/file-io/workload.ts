import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file. With
 * `--metrics-cost`, `cached`, the bench's fastest route, runs again in two fresh APIs with and
 * without the per-request instrumentation (the request histogram and the stall log), where a
 * microsecond a request would show in its CPU per request.
 */
export const workload = defineWorkload({
  // 20 connections: the reads are blocked or slow with 20 as with 100, and the backlog a slow
  // variant leaves after its round (waited out before the next) is five times shorter.
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  // Both in fresh API processes, alike but for the flags: the main API, warm from every other
  // scenario, served cached 7–18% faster than a fresh one with metrics off, the wrong way round.
  extraRuns: [
    {
      variant: 'cached',
      label: 'cached (fresh API, metrics and stall log on)',
      env: { METRICS: 'true', LOOP_STALL_LOG_MS: '200' },
      onlyWith: 'metrics-cost',
    },
    {
      variant: 'cached',
      label: 'cached (fresh API, metrics and stall log off)',
      env: { METRICS: 'false', LOOP_STALL_LOG_MS: '0' },
      onlyWith: 'metrics-cost',
    },
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
