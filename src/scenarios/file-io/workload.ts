import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file. The async read
 * answers in ~3.5 s at 100 connections, so runs last at least 8 s (a 3 s quick run completed none).
 * `cached` runs again in two fresh APIs, with and without /metrics (METRICS): the fastest route of
 * the bench (tens of thousands of req/s) is where the per-request cost of its request histogram
 * would show.
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
  targets: [{ variant: 'cached', minSpeedup: 20 }],
  doctor: {
    expect: { 'sync-read': 'loop-blocked', 'async-read': 'loop-blocked', cached: 'healthy' },
  },
})
