import { DEMO_API_KEY } from '../../src/scenarios/hooks/contract.js'
import type { Workload } from './types.js'

/** Every request carries the same valid key, as one client's requests do. */
export const hooks: Workload = {
  request: (path) => ({ method: 'GET', path, headers: { 'x-api-key': DEMO_API_KEY } }),
  ceilingRps: () => null,
  targets: [{ variant: 'scoped-cached', minSpeedup: 10 }],
}
