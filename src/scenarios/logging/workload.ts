import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * 100 log lines per request, the same for both destinations. (At 20 lines the two were within
 * noise here: on a local disk a small write(2) lands in the page cache in microseconds; the cost
 * shows with volume, and grows with a slow destination.)
 */
export const workload = defineWorkload({
  request: (path) => ({ method: 'GET', path: `${path}?lines=100` }),
  ceilingRps: () => null,
  targets: [{ variant: 'async', minSpeedup: 1.1 }],
})
