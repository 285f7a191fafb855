import { defineWorkload } from '../../scenario-kit/workload.js'

/** Every call waits on the upstream's default delay, so the pair is purely I/O-bound. */
export const workload = defineWorkload({
  request: (path) => ({ method: 'GET', path }),
  ceilingRps: ({ connections, upstreamDelayMs }) => connections / (upstreamDelayMs / 1000),
  ceilingNote: 'connections ÷ upstream delay (Little’s law), the same for every variant',
  targets: [{ variant: 'pooled', minSpeedup: 20, minCeilingPct: 85 }],
})
