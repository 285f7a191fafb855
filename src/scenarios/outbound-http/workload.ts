import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Every call waits on the upstream's default delay, so the pair is purely I/O-bound. At least
 * 8 s measured: 100 connections queue ~5 s of calls on the blocking variant's loop, and 3-s quick
 * windows came back with no completed request in 3 of 6 runs (with or without this session's
 * changes), failing the row.
 */
export const workload = defineWorkload({
  request: (path) => ({ method: 'GET', path }),
  minDurationSec: 8,
  ceilingRps: ({ connections, upstreamDelayMs }) => connections / (upstreamDelayMs / 1000),
  ceilingNote: 'connections ÷ upstream delay (Little’s law), the same for every variant',
  targets: [{ variant: 'pooled', minSpeedup: 20, minCeilingPct: 85 }],
})
