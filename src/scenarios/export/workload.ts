import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * All 100,000 orders per request (about 10 MB of NDJSON), 4 exports at a time. A buffered export
 * takes ~3.5 s under this load, so runs last at least 8 s (a 3 s quick run completed none).
 */
export const workload = defineWorkload({
  connections: 4,
  minDurationSec: 8,
  request: (path) => ({ method: 'GET', path: `${path}?limit=100000` }),
  ceilingRps: () => null,
})
