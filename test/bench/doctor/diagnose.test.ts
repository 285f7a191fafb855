/** The doctor's rules on made-up sweeps: each shape gets its verdict, and an odd one is unknown. */
import { describe, expect, it } from 'vitest'
import { diagnose, type Level } from '../../../bench/doctor/diagnose.js'
import { blockedSweep, level, overload, run } from './sweeps.js'

describe('the doctor’s verdicts', () => {
  it('the probe waits as long as the route at one connection: the loop is blocked; the inside view says by what', () => {
    const blocked = blockedSweep()
    expect(diagnose(run(blocked))).toMatchObject({ kind: 'loop-blocked', cause: null, blindSpot: 1 })
    const idle = blocked.map((l) => ({ ...l, inside: { elu: 1, cpuCores: 0.05, lagP99Ms: 100, lagMaxMs: 101 } }))
    expect(diagnose(run(idle))).toMatchObject({
      kind: 'loop-blocked',
      cause: 'sync-io',
      blindSpot: 1,
      lessons: ['outbound-http', 'database'],
    })
    const busy = blocked.map((l) => ({ ...l, inside: { elu: 1, cpuCores: 0.98, lagP99Ms: 100, lagMaxMs: 101 } }))
    expect(diagnose(run(busy))).toMatchObject({ kind: 'loop-blocked', cause: 'cpu', blindSpot: 6 })
    expect(diagnose(run(blocked)).summary).toContain('/health waited 49 ms (p50; p99 98) at one connection')
    // Held now and then: short requests, but the rare one (and the probe) waits long.
    const now = (l: Level): Level => ({
      ...l,
      okLatencyMs: { p50: 0.4, p99: 90 },
      probe: { ...l.probe, p50: 1, p99: 85 },
    })
    expect(
      diagnose(
        run([level(1, 500, 0.4, 85), level(4, 520, 2, 85), level(16, 540, 8, 85), level(64, 540, 30, 85)].map(now)),
      ).kind,
    ).toBe('loop-blocked')
  })

  it('held part of the time: one probe in ten waits most of a request (p90), though its p50 does not; just below the share, not held', () => {
    // Grows less than 2× with clients, as a loop held on part of each request does; only the probe's p90
    // tells it is held.
    const sweep = (probeP90: number) =>
      [level(1, 50, 20, 2), level(4, 90, 44, 2), level(16, 95, 170, 2), level(64, 95, 670, 2)].map((l, i) =>
        i === 0 ? { ...l, probe: { ...l.probe, p50: 1, p90: probeP90, p99: probeP90 + 2 } } : l,
      )
    // 15 ms over an idle 0.8: at least 8 ms and 0.4 of the route's 20 ms p50.
    expect(diagnose(run(sweep(15)))).toMatchObject({ kind: 'loop-blocked', blindSpot: 1 })
    // 8.7 ms: 7.9 over idle, below the 8 ms floor (and 0.4 × 20).
    expect(diagnose(run(sweep(8.7))).kind).not.toBe('loop-blocked')
    expect(diagnose(run(sweep(8.8))).kind).toBe('loop-blocked')
  })

  it('a probe that waits at one connection while the loop is mostly idle, or as long as the control’s: the wait is the machine’s, not a hold', () => {
    const inside = (elu: number) => ({ elu, cpuCores: 0.3, lagP99Ms: 12, lagMaxMs: 14 })
    const control = (p90: number) => ({ p50: 1, p90, p99: p90 + 2, max: p90 + 3, lost: 0, samples: 90 })
    const sweep = (first: Partial<Level>, routeMs = 20, idleControlMs: number | null = 0.8) => ({
      ...run(
        [level(1, 50, routeMs, 2), level(4, 90, 44, 2), level(16, 95, 170, 2), level(64, 95, 670, 2)].map((l, i) =>
          i === 0 ? { ...l, ...first, probe: { ...l.probe, ...first.probe } } : l,
        ),
      ),
      idleControlMs,
    })
    // The probe's p50 4 ms over an idle 0.8 beside a 10 ms route (a quarter is 2.5): held, unless the
    // loop idled more than half the time.
    const half = (elu: number) => sweep({ probe: { ...level(1, 0, 0, 0).probe, p50: 4.8 }, inside: inside(elu) }, 10)
    expect(diagnose(half(0.5)).kind).toBe('loop-blocked')
    expect(diagnose(half(0.49)).kind).not.toBe('loop-blocked')
    expect(diagnose(sweep({ probe: { ...level(1, 0, 0, 0).probe, p50: 4.8 } }, 10)).kind).toBe('loop-blocked')
    // One probe in ten waits 10 ms of a 20 ms route (p50 unmoved): held part of the time, unless the loop
    // idled five sixths of it, or the control's probe waited as long.
    const part = { probe: { ...level(1, 0, 0, 0).probe, p50: 1, p90: 11, p99: 13 } }
    expect(diagnose(sweep({ ...part, inside: inside(0.17) })).kind).toBe('loop-blocked')
    expect(diagnose(sweep({ ...part, inside: inside(0.16) })).kind).not.toBe('loop-blocked')
    expect(diagnose(sweep({ ...part, control: control(1) })).kind).toBe('loop-blocked')
    // The control 1.7 ms later at p90 leaves 8.5 over idle: still 8 ms or more. 2.3 later leaves 7.9: not.
    expect(diagnose(sweep({ ...part, control: control(2.5) })).kind).toBe('loop-blocked')
    expect(diagnose(sweep({ ...part, control: control(3.1) })).kind).not.toBe('loop-blocked')
    // A control that idled slower than it answers under load removes nothing.
    expect(diagnose(sweep({ ...part, control: control(1) }, 20, 5)).kind).toBe('loop-blocked')
    // Without its idle figure, the control is not read.
    expect(diagnose(sweep({ ...part, control: control(9) }, 20, null)).kind).toBe('loop-blocked')
  })

  it('a probe that waits at one connection, on a route that then scales past four times: not its own hold (a quarter of each request caps the growth at 4×)', () => {
    const scaling = (topRps: number) =>
      run([
        level(1, 200, 5, 2, { probe: { p50: 3.6, p90: 15, p99: 28, max: 30, lost: 0, samples: 80 } }),
        level(4, 400, 10, 2),
        level(16, 700, 23, 2),
        level(64, topRps, 80, 2),
      ])
    expect(diagnose(scaling(800)).kind).toBe('loop-blocked')
    expect(diagnose(scaling(801)).kind).not.toBe('loop-blocked')
  })

  it('flat throughput with the probe answering at once: serialised', () => {
    const d = diagnose(run([level(1, 19, 52, 2), level(4, 19, 210, 2), level(16, 19, 840, 2), level(64, 19, 3_300, 2)]))
    expect(d).toMatchObject({ kind: 'serialised', blindSpot: 2 })
    expect(d.summary).toContain('throughput flat at 19 → 19 req/s from 1 to 64 connections')
    // Flat, but the process busy: not a lock, a route that saturates the cores from the first connection.
    const busy = [level(1, 150, 6, 2), level(4, 150, 26, 30), level(16, 150, 100, 40), level(64, 150, 400, 60)]
    expect(diagnose(run(busy)).kind).not.toBe('serialised')
  })

  it('scales, then flattens: the overload step tells a bounded wait, an unbounded queue and shedding apart', () => {
    const plateau = [level(1, 48, 21, 2), level(4, 190, 21, 2), level(16, 760, 21, 2), level(64, 950, 67, 3)]
    expect(diagnose(run(plateau, overload({ shedShare: 0.45, okP99Ms: 1_000 })))).toMatchObject({
      kind: 'pool-limited',
      blindSpot: 2,
    })
    // A bounded wait refuses late in the step: few 503s over the whole step, many in its last third.
    expect(diagnose(run(plateau, overload({ shedShare: 0.02, lateShedShare: 0.3, okP99Ms: 1_000 })))).toMatchObject({
      kind: 'pool-limited',
      blindSpot: 2,
    })
    expect(diagnose(run(plateau, overload({ earlyP50Ms: 40, lateP50Ms: 900 })))).toMatchObject({
      kind: 'unbounded-queue',
      blindSpot: 6,
    })
    expect(diagnose(run(plateau, overload({ earlyP50Ms: 40, lateP50Ms: 900 }))).summary).not.toContain(
      'connections were all busy',
    )
    // Its own connections all busy: the doctor says part of the wait was its own, and how long a bound it
    // could not see.
    expect(
      diagnose(
        run(
          plateau,
          overload({ earlyP50Ms: 40, lateP50Ms: 900, maxConnections: 1_000, waitedForConnectionShare: 0.58 }),
        ),
      ).summary,
    ).toContain(
      'the excess waits in a queue with no bound (that the doctor saw: its 1,000 connections were all busy for 58% of the requests, so part of the wait was its own, and a bound on waits longer than about 10 s would not show)',
    )
    expect(diagnose(run(plateau, overload({ shedShare: 0.5, okP99Ms: 30 })))).toMatchObject({
      kind: 'healthy',
      blindSpot: null,
    })
    // It kept up with twice the plateau: the plateau was the sweep's, not the route's.
    expect(diagnose(run(plateau, overload({ okRps: 195, earlyP50Ms: 30, lateP50Ms: 35 })))).toMatchObject({
      kind: 'healthy',
    })
    const skipped = { ...run(plateau), overloadSkipped: null }
    expect(diagnose(skipped).kind).toBe('pool-limited')
    expect(diagnose(skipped).summary).toContain('a pool of about 20')
    // A plateau where the doctor's own generator was the limit says nothing of the server.
    expect(diagnose(run(plateau.map((l) => ({ ...l, generatorElu: 0.97 })))).kind).toBe('healthy')
    expect(diagnose(run(plateau)).kind).toBe('healthy')
  })

  it('scales to the top of the sweep: healthy; a route that fails: unknown, with its numbers', () => {
    expect(
      diagnose(run([level(1, 10, 100, 2), level(4, 40, 100, 2), level(16, 160, 100, 2), level(64, 620, 103, 2)])),
    ).toMatchObject({ kind: 'healthy' })
    // Doubling a level that fell short is no scaling: from the best before the top (500 at 4) the top
    // gained 1.3×, a plateau.
    const dipped = [level(1, 290, 3, 2), level(4, 500, 8, 2), level(16, 280, 57, 2), level(64, 640, 100, 2)]
    expect(diagnose({ ...run(dipped), overloadSkipped: null }).kind).toBe('pool-limited')
    expect(
      diagnose(run(dipped, overload({ offeredRps: 1_280, okRps: 600, earlyP50Ms: 150, lateP50Ms: 1_500 }))),
    ).toMatchObject({
      kind: 'unbounded-queue',
    })
    expect(diagnose({ ...run(dipped), overloadSkipped: null }).summary).toContain(
      'throughput flattens at 640 req/s from 4 connections',
    )
    const failing = [level(1, 1, 5, 2, { failed: 90, replies: 10, attempts: 100 }), level(4, 1, 5, 2)]
    expect(diagnose(run(failing))).toMatchObject({ kind: 'unknown' })
    expect(diagnose(run(failing)).summary).toContain('90 of 100 requests')
    // Throughput that falls as clients are added is no shape the rules know: unknown, with the curve.
    const collapsing = diagnose(
      run([level(1, 100, 10, 2), level(4, 300, 13, 2), level(16, 120, 130, 2), level(64, 40, 1_600, 2)]),
    )
    expect(collapsing).toMatchObject({ kind: 'unknown' })
    expect(collapsing.summary).toContain('100 at 1, 300 at 4, 120 at 16, 40 at 64')
  })
})
