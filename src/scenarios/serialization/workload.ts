import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * 1,000 orders per reply, from an in-memory snapshot, so serialisation is all that differs.
 * The target is against zod-validated, the variant that enforces the same contract; plain
 * JSON.stringify enforces none and, with V8's native code, is the fastest here (see its header).
 */
export const workload = defineWorkload({
  connections: 20,
  request: (path) => ({ method: 'GET', path: `${path}?limit=1000` }),
  ceilingRps: () => null,
  targets: [{ variant: 'compiled', minSpeedup: 1.1, versus: 'zod-validated' }],
})
