import type { Workload } from './types.js'

/** All 100,000 orders per request (about 10 MB of NDJSON), 4 exports at a time. */
export const orderExport: Workload = {
  connections: 4,
  request: (path) => ({ method: 'GET', path: `${path}?limit=100000` }),
  ceilingRps: () => null,
}
