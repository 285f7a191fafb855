import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * One product lookup per request; the cost is in reading and parsing the 5 MB file. The async read
 * answers in ~3.5 s at 100 connections, so runs last at least 8 s (a 3 s quick run completed none).
 */
export const workload = defineWorkload({
  minDurationSec: 8,
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  targets: [{ variant: 'cached', minSpeedup: 20 }],
})
