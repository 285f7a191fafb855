import type { Workload } from './types.js'

/** Three upstream calls per request: one delay when concurrent, three when sequential. */
export const fanOut: Workload = {
  request: (path) => ({ method: 'GET', path }),
  ceilingRps: ({ connections, upstreamDelayMs }, variant) =>
    connections / ((variant === 'sequential' ? 3 : 1) * (upstreamDelayMs / 1000)),
  ceilingNote: 'connections ÷ (calls waited in turn × upstream delay)',
  targets: [
    { variant: 'concurrent', maxP50InDelays: 1.5, minSpeedup: 2 },
    // The naive variant's claim is a floor: it really does pay for all three calls.
    { variant: 'sequential', minP50InDelays: 2.7 },
  ],
}
