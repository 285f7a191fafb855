import { defineWorkload } from '../../scenario-kit/workload.js'

/**
 * Three upstream calls per request: one delay when concurrent, three when sequential. Fewer
 * connections and a longer delay than the run's default: at 100 connections and 50 ms the three
 * calls per request would saturate this machine's two cores, and the bench would measure the CPU.
 */
export const workload = defineWorkload({
  connections: 50,
  upstreamDelayMs: 100,
  request: (path, { upstreamDelayMs }) => ({ method: 'GET', path: `${path}?delayMs=${upstreamDelayMs}` }),
  ceilingRps: ({ connections, upstreamDelayMs }, variant) =>
    connections / ((variant === 'sequential' ? 3 : 1) * (upstreamDelayMs / 1000)),
  ceilingNote: 'connections ÷ (calls waited in turn × upstream delay)',
  targets: [
    { variant: 'concurrent', maxP50InDelays: 1.5, minSpeedup: 2 },
    // The naive variant's claim is a floor: it really does pay for all three calls.
    { variant: 'sequential', minP50InDelays: 2.7 },
  ],
  doctor: {
    expect: { sequential: 'sequential-awaits', concurrent: 'healthy' },
    // Told what one upstream call costs (--expect-ms), the doctor sees three of them in a row.
    expectMs: ({ upstreamDelayMs }) => upstreamDelayMs,
  },
  lint: {
    expect: { sequential: ['blindspots/no-sequential-awaits'], concurrent: [] },
  },
})
