/**
 * The doctor's verdicts for what is really there, on made-up sweeps: a plateau whose limit is the
 * cores is "CPU saturated", not a queue in front of a pool; CPU per request that the probe waits
 * out is a loop held, though no single probe waits a whole request; calls awaited in turn show
 * against what one call costs (--expect-ms), and only then.
 */
import { describe, expect, it } from 'vitest'
import { diagnose, p90WaitOfHold, RULES, type Level } from '../../../bench/doctor/diagnose.js'
import { blockedSweep, level, overload, run } from './sweeps.js'

const inside = (cpuCores: number) => ({ elu: null, cpuCores, lagP99Ms: null, lagMaxMs: null })

describe('a plateau at the cores', () => {
  // 1 ms of CPU and a 20 ms await: scales to about 900 req/s, where one core is spent.
  const sweep = (topCores: number, machineBusy: number | null = 0.6): Level[] => [
    level(1, 45, 21, 1, { inside: inside(0.05), machineBusy }),
    level(4, 180, 21, 1, { inside: inside(0.2), machineBusy }),
    level(16, 700, 22, 1, { inside: inside(0.75), machineBusy }),
    level(64, 910, 70, 1, { inside: inside(topCores), machineBusy }),
  ]
  const queued = overload({ offeredRps: 1_820, okRps: 890, earlyP50Ms: 300, lateP50Ms: 1_900, okP99Ms: 2_500 })

  it('the process burning a core: CPU saturated, no blind spot, no pool size invented', () => {
    const d = diagnose(run(sweep(0.95), queued))
    expect(d).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu', blindSpot: null, lessons: ['load-shedding'] })
    expect(d.summary).not.toContain('a pool of about')
    expect(d.summary).toContain('the cores are the limit')
    // Just below the share of a core that makes it the CPU's: what it waits on, a queue in front of it.
    expect(diagnose(run(sweep(RULES.processCores - 0.01, 0.5), queued))).toMatchObject({
      kind: 'unbounded-queue',
      blindSpot: 6,
    })
    expect(diagnose(run(sweep(RULES.processCores), queued)).kind).toBe('cpu-saturated')
  })

  it('a Node process whose loop has no time left is at its core, though it burns less than a whole one', () => {
    const withLoop = (elu: number) =>
      sweep(0.7).map((l, i) => (i === 3 ? { ...l, inside: { ...inside(0.7), elu } } : l))
    expect(diagnose(run(withLoop(RULES.loopSaturated), queued)).kind).toBe('cpu-saturated')
    expect(diagnose(run(withLoop(RULES.loopSaturated), queued)).summary).toContain('its event loop 90% busy')
    // Below it, or with the loop busy but the process burning little (it waits, not computes): not the CPU's.
    expect(diagnose(run(withLoop(RULES.loopSaturated - 0.01), queued)).kind).toBe('unbounded-queue')
    const idle = withLoop(0.99).map((l, i) => (i === 3 ? { ...l, inside: { ...l.inside!, cpuCores: 0.5 } } : l))
    expect(diagnose(run(idle, queued)).kind).toBe('unbounded-queue')
  })

  it('undecided at the top of the sweep, the overload step decides for the CPU when its thread never idles there', () => {
    // A one-threaded server at 0.77 cores, its thread 86% full, the machine 79% busy: not the CPU’s at
    // the top (the doctor's turn between replies left it idle), nor a pool's.
    const top = sweep(0.77, 0.79).map((l, i) =>
      i === 3 ? { ...l, inside: { ...inside(0.77), busiestThread: 0.86 } } : l,
    )
    expect(diagnose(run(top, queued))).toMatchObject({ kind: 'unbounded-queue', cause: null })
    const beyond = (cpuCores: number, busiestThread: number, machineBusy = 0.9) =>
      overload({ ...queued, inside: { ...inside(cpuCores), busiestThread }, machineBusy })
    // Beyond the plateau a request waits whenever its thread is free: full, and most of a core.
    const d = diagnose(run(top, beyond(0.78, 0.99)))
    expect(d).toMatchObject({ kind: 'cpu-saturated', cause: 'cpu', blindSpot: null })
    expect(d.summary).toContain('under overload the process using 0.78 cores')
    expect(d.summary).toContain('at the top of the sweep the process using 0.77 cores')
    // A thread that still waits for events there, with room on the machine, or one that burns little
    // (another process had the cores): the step decides nothing, and a pool's mark is not taken from it.
    expect(diagnose(run(top, beyond(0.78, 0.86, 0.7))).kind).toBe('unbounded-queue')
    expect(diagnose(run(top, beyond(0.3, 0.99))).kind).toBe('unbounded-queue')
    const poolAtTop = sweep(0.1)
    expect(diagnose(run(poolAtTop, beyond(0.95, 0.99)))).toMatchObject({ kind: 'unbounded-queue', cause: 'pool' })
  })

  it('a pool that waits while the CPU idles stays an unbounded queue, its size said', () => {
    const d = diagnose(run(sweep(0.1), queued))
    expect(d).toMatchObject({ kind: 'unbounded-queue', cause: 'pool', blindSpot: 6 })
    expect(d.summary).toContain('a pool of about')
  })

  it('at the cores, a route that refuses the excess at once is healthy, and one that keeps up too', () => {
    const shed = overload({ offeredRps: 1_820, okRps: 880, shedShare: 0.5, lateShedShare: 0.5, okP99Ms: 60 })
    expect(diagnose(run(sweep(0.95), shed)).kind).toBe('healthy')
    expect(diagnose(run(sweep(0.95), overload({ offeredRps: 1_820, okRps: 1_800 }))).kind).toBe('healthy')
    // At the cores, callers that wait before their 503: a pool's bounded wait in front of them, said so.
    const late = overload({ offeredRps: 1_820, okRps: 880, shedShare: 0.2, lateShedShare: 0.4, okP99Ms: 1_000 })
    const d = diagnose(run(sweep(0.95), late))
    expect(d).toMatchObject({ kind: 'pool-limited', cause: 'cpu' })
    expect(d.summary).toContain('with the CPU the limit (the process using 0.95 cores')
    expect(d.summary).not.toContain('no pool in the way')
  })

  it('without the overload step, a plateau at the cores is still the CPU’s', () => {
    const m = { ...run(sweep(0.95)), overloadSkipped: null }
    expect(diagnose(m).kind).toBe('cpu-saturated')
  })
})

describe('CPU per request that the probe waits out', () => {
  it('the p90 wait of a hold: none when fewer than one probe in ten lands in one; most of the hold when most do', () => {
    expect(p90WaitOfHold(10, 100)).toBe(0)
    expect(p90WaitOfHold(20, 40)).toBeCloseTo(16, 6)
    expect(p90WaitOfHold(50, 40)).toBeCloseTo(36, 6)
  })

  // A client built per request: 20 ms of CPU on the loop, then a 22 ms await. The probe's p50 lands
  // outside the hold half the time; its p90 waits most of it. The route scales less than 4× a level.
  const sweep = (probeP90: number, firstCores = 0.48): Level[] =>
    [
      level(1, 24, 42, 1, { inside: inside(firstCores) }),
      level(4, 45, 88, 20, { inside: inside(0.92) }),
      level(16, 48, 330, 20, { inside: inside(0.97) }),
      level(64, 48, 1_300, 20, { inside: inside(0.98) }),
    ].map((l, i) => (i === 0 ? { ...l, probe: { ...l.probe, p50: 1.2, p90: probeP90, p99: 19 } } : l))

  it('20 ms of CPU per request and a probe p90 that waits like it: the loop is held, by CPU work', () => {
    // 0.48 cores at 24 req/s: 20 ms a request; a hold of 20 in 42 gives a p90 wait of about 15.6.
    const d = diagnose(run(sweep(0.8 + 9)))
    expect(d).toMatchObject({ kind: 'loop-blocked', cause: 'cpu', blindSpot: 6 })
    expect(d.summary).toContain('20 ms of CPU per request')
  })

  it('the same CPU spent off the loop (the probe waits none of it), or too little of it: not held', () => {
    expect(diagnose(run(sweep(0.8 + 2.5))).kind).not.toBe('loop-blocked')
    // Below the half of the expected wait: 7.7 of 15.6.
    expect(diagnose(run(sweep(0.8 + 7.7))).kind).not.toBe('loop-blocked')
    // Less than 8 ms of CPU per request: pieces too short to call a hold.
    expect(diagnose(run(sweep(0.8 + 9, 0.18))).kind).not.toBe('loop-blocked')
  })
})

describe('calls awaited in turn, against what one costs', () => {
  // Three 30 ms calls in a row: scales to the top, 90 ms a request.
  const scales = [level(1, 11, 91, 1), level(4, 44, 91, 1), level(16, 175, 92, 1), level(64, 690, 93, 1)]
  const withExpect = (expectMs: number | null) => ({ ...run(scales), expectMs })

  it('without --expect-ms it is healthy: latency, not capacity', () => {
    expect(diagnose(withExpect(null)).kind).toBe('healthy')
  })

  it('told one call costs 30 ms, 91 ms is three in turn: sequential awaits, the fan-out lesson', () => {
    const d = diagnose(withExpect(30))
    expect(d).toMatchObject({ kind: 'sequential-awaits', blindSpot: 7, lessons: ['fan-out'] })
    expect(d.summary).toContain('3.0× the 30 ms one call costs')
  })

  it('told one call costs 91 ms, or a bit less than half of 91: healthy, the ratio said', () => {
    const one = diagnose(withExpect(91))
    expect(one.kind).toBe('healthy')
    expect(one.summary).toContain('1.0× the 91 ms one call costs')
    expect(diagnose(withExpect(91 / RULES.sequentialFactor + 0.1)).kind).toBe('healthy')
    expect(diagnose(withExpect(91 / RULES.sequentialFactor - 0.1)).kind).toBe('sequential-awaits')
  })

  it('a capacity blind spot comes first: a blocked loop stays blocked, whatever one call costs', () => {
    expect(diagnose({ ...run(blockedSweep()), expectMs: 30 }).kind).toBe('loop-blocked')
  })
})
