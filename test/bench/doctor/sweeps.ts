/** Made-up sweeps for the doctor's rules: a level of the closed-loop sweep, an overload step, a run of them. */
import type { Level, Measurements, Overload } from '../../../bench/doctor/diagnose.js'

export function level(
  connections: number,
  okRps: number,
  p50: number,
  probeP99: number,
  extra: Partial<Level> = {},
): Level {
  return {
    connections,
    okRps,
    rps: okRps,
    latencyMs: { p50, p99: p50 * 1.2, max: p50 * 1.5 },
    okLatencyMs: { p50, p99: p50 * 1.2 },
    shed: 0,
    failed: 0,
    replies: Math.round(okRps * 2),
    attempts: Math.round(okRps * 2),
    probe: {
      p50: probeP99 > 20 ? probeP99 / 2 : Math.min(probeP99, 1),
      p90: probeP99 > 20 ? probeP99 * 0.9 : Math.min(probeP99, 1),
      p99: probeP99,
      max: probeP99,
      lost: 0,
      samples: 80,
    },
    inside: null,
    generatorElu: 0.2,
    machineBusy: null,
    ...extra,
  }
}
export const overload = (o: Partial<Overload>): Overload => ({
  offeredRps: 200,
  sent: 800,
  okRps: 100,
  shedShare: 0,
  lateShedShare: 0,
  failedShare: 0,
  earlyP50Ms: 30,
  lateP50Ms: 35,
  okP99Ms: 50,
  generatorElu: 0.3,
  maxConnections: 800,
  waitedForConnectionShare: 0,
  ...o,
})
/** The loop held for the whole request: 10 req/s at every level, the probe waiting as long as the route. */
export const blockedSweep = (): Level[] => [
  level(1, 10, 100, 98),
  level(4, 10, 400, 100),
  level(16, 10, 1_600, 100),
  level(64, 10, 6_400, 100),
]
export const run = (levels: Level[], o: Overload | null = null): Measurements => ({
  idleProbeMs: 0.8,
  levels,
  overload: o,
  overloadSkipped: o ? null : 'not run in this test',
})
