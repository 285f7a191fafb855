import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file. The async read
 * answers in ~3.5 s at 100 connections, so runs last at least 8 s (a 3 s quick run completed none).
 * `cached` runs again in an API with METRICS=false: the fastest route of the bench (tens of
 * thousands of req/s) is where the per-request cost of /metrics' request histogram would show.
 */
export const workload = defineWorkload({
  minDurationSec: 8,
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  extraRuns: [{ variant: 'cached', label: 'cached (METRICS=false)', env: { METRICS: 'false' } }],
  targets: [{ variant: 'cached', minSpeedup: 20 }],
})
