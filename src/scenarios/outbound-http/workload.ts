import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Every call waits on the upstream, so the pair is purely I/O-bound, and the target says how
 * close `pooled` gets to Little's law. Fewer connections and a longer delay than the run's default,
 * as for fan-out: at 100 connections and 50 ms (a 2,000 req/s ceiling) the load generator, the API
 * and the upstream saturated this machine's two cores, and the row measured the CPU (p50 54–57 ms
 * for a 50 ms call, 84–91% of the ceiling over 3 rounds, so the 85% target failed on its interval).
 * At least 8 s measured: 50 connections queue ~5 s of calls on the blocking variant's loop, and
 * 3-s quick windows came back with no completed request, failing the row.
 */
export const workload = defineWorkload({
  connections: 50,
  upstreamDelayMs: 100,
  request: (path, { upstreamDelayMs }) => ({ method: 'GET', path: `${path}?delayMs=${upstreamDelayMs}` }),
  minDurationSec: 8,
  ceilingRps: ({ connections, upstreamDelayMs }) => connections / (upstreamDelayMs / 1000),
  ceilingNote: 'connections ÷ upstream delay (Little’s law), the same for every variant',
  targets: [{ variant: 'pooled', minSpeedup: 20, minCeilingPct: 85 }],
  doctor: {
    expect: { blocking: 'loop-blocked', 'new-connection': ['healthy', 'pool-limited'], pooled: 'healthy' },
    why: 'new-connection opens a socket per call and caps none: whether 64 clients reach the rate at which the machine stops opening them fast enough (then it flattens) depends on the machine, and on the sockets earlier runs left in TIME_WAIT',
  },
})
