import type { Workload } from './types.js'

/** 50 orders with their customers: 51 round trips vs 1. */
export const nPlusOne: Workload = {
  request: (path) => ({ method: 'GET', path: `${path}?limit=50` }),
  ceilingRps: () => null,
  targets: [{ variant: 'joined', minSpeedup: 3 }],
}
