import type { Workload } from './types.js'

/** 1,000 orders per reply: enough for serialisation to dominate over the query. */
export const serialization: Workload = {
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}?limit=1000` }),
  ceilingRps: () => null,
  targets: [{ variant: 'compiled', minSpeedup: 1.2, versus: 'json-stringify' }],
}
