import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Purely I/O-bound: the target says how close `pooled` gets to Little's law. 50 connections and a
 * 100 ms upstream keep the row a measure of waiting, not of two shared cores. The blocking variant
 * queues ~5 s of calls and serves 10 a second: a round of the default 3 s still completes 30 of
 * them (bench/README.md, per-scenario settings).
 */
export const workload = defineWorkload({
  connections: 50,
  upstreamDelayMs: 100,
  request: (path, { upstreamDelayMs }) => ({ method: 'GET', path: `${path}?delayMs=${upstreamDelayMs}` }),
  ceilingRps: ({ connections, upstreamDelayMs }) => connections / (upstreamDelayMs / 1000),
  ceilingNote: 'connections ÷ upstream delay (Little’s law), the same for every variant',
  targets: [
    { variant: 'pooled', minSpeedup: 20 },
    // How close to Little's law also depends on the cores the upstream and autocannon leave the API.
    { variant: 'pooled', minCeilingPct: 85, needsCores: 4 },
  ],
  doctor: {
    expect: { blocking: 'loop-blocked', 'new-connection': ['healthy', 'pool-limited'], pooled: 'healthy' },
    why: 'new-connection opens a socket per call and caps none: whether 64 clients reach the rate at which the machine stops opening them fast enough (then it flattens) depends on the machine, and on the sockets earlier runs left in TIME_WAIT',
  },
  lint: {
    expect: {
      blocking: ['blindspots/no-sync-on-request-path'],
      'new-connection': ['blindspots/no-client-per-request'],
      pooled: [],
    },
  },
})
