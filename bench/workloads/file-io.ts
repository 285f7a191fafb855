import type { Workload } from './types.js'

/** One product lookup per request; the cost is in reading and parsing the 5 MB file. */
export const fileIo: Workload = {
  request: (path) => ({ method: 'GET', path: `${path}/4242` }),
  ceilingRps: () => null,
  targets: [{ variant: 'cached', minSpeedup: 20 }],
}
