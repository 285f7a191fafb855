/**
 * Every verdict of the doctor, whole: its kind, cause, blind spot, lessons and the sentence a user
 * reads, for one sweep of each shape (read and checked by hand when written); then each threshold
 * on both sides of its line. The rules' own test (diagnose.test.ts) says which shape is which.
 */
import { describe, expect, it } from 'vitest'
import { RULES, diagnose, type Diagnosis, type Overload } from '../../../bench/doctor/diagnose.js'
import { blockedSweep, level, overload, run } from './sweeps.js'

/** The overload step as the doctor runs it: offered at twice the plateau (950 req/s below). */
const atTwicePlateau = (o: Partial<Overload>) => overload({ offeredRps: 1_900, sent: 7_600, okRps: 1_000, ...o })

const blocked = blockedSweep()
const plateau = [level(1, 48, 21, 2), level(4, 190, 21, 2), level(16, 760, 21, 2), level(64, 950, 67, 3)]
const cases = {
  empty: run([]),
  fails: run([level(1, 1, 5, 2, { failed: 90, replies: 10, attempts: 100 }), level(4, 1, 5, 2)]),
  blockedSync: run(blocked.map((l) => ({ ...l, inside: { elu: 1, cpuCores: 0.05, lagP99Ms: 100, lagMaxMs: 101 } }))),
  blockedCpu: run(blocked.map((l) => ({ ...l, inside: { elu: 1, cpuCores: 0.98, lagP99Ms: 100, lagMaxMs: 101 } }))),
  serialised: run([level(1, 19, 52, 2), level(4, 19, 210, 2), level(16, 19, 840, 2), level(64, 19, 3_300, 2)]),
  shedsAtTop: run([
    level(1, 100, 10, 2),
    level(4, 380, 10, 2),
    level(16, 400, 12, 2),
    level(64, 400, 20, 2, { shed: 1200, replies: 2000 }),
  ]),
  collapsing: run([level(1, 100, 10, 2), level(4, 300, 13, 2), level(16, 120, 130, 2), level(64, 40, 1_600, 2)]),
  generatorLimit: run(plateau.map((l) => ({ ...l, generatorElu: 0.97 }))),
  poolBounded: run(plateau, atTwicePlateau({ shedShare: 0.45, okP99Ms: 1_000 })),
  poolSheds: run(plateau, atTwicePlateau({ shedShare: 0.5, okP99Ms: 30 })),
  keptUp: run(plateau, atTwicePlateau({ okRps: 1_710 })),
  unbounded: run(plateau, atTwicePlateau({ earlyP50Ms: 40, lateP50Ms: 900 })),
  noOverload: { ...run(plateau), overloadSkipped: null },
  scales: run([level(1, 10, 100, 2), level(4, 40, 100, 2), level(16, 160, 100, 2), level(64, 620, 103, 2)]),
  scalesGenerator: run([
    level(1, 10, 100, 2),
    level(4, 40, 100, 2),
    level(16, 160, 100, 2),
    level(64, 620, 103, 2, { generatorElu: 0.95 }),
  ]),
}

const expected: Record<keyof typeof cases, Diagnosis> = {
  empty: {
    kind: 'unknown',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary: 'no measurement',
  },
  fails: {
    kind: 'unknown',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary: 'the route fails: 90 of 100 requests at one connection got no 2xx or 503; fix that first',
  },
  blockedSync: {
    kind: 'loop-blocked',
    cause: 'sync-io',
    blindSpot: 1,
    lessons: ['outbound-http', 'database'],
    summary:
      'throughput 10 → 10 req/s from 1 to 64 connections while /health waited 49 ms (p50; p99 98) at one connection (the route itself: p50 100, p99 120 ms) and 50 ms at 64, the process using 0.05 cores (5.0 ms of CPU per request at one connection): the event loop is blocked inside this route by a synchronous call (the loop waits, not computes)',
  },
  blockedCpu: {
    kind: 'loop-blocked',
    cause: 'cpu',
    blindSpot: 6,
    lessons: ['password-hash', 'file-io', 'hooks'],
    summary:
      'throughput 10 → 10 req/s from 1 to 64 connections while /health waited 49 ms (p50; p99 98) at one connection (the route itself: p50 100, p99 120 ms) and 50 ms at 64, the process using 0.98 cores (98 ms of CPU per request at one connection): the event loop is blocked inside this route by CPU work (a profile says which: parsing, hashing, a client or TLS context built per request)',
  },
  serialised: {
    kind: 'serialised',
    cause: null,
    blindSpot: 2,
    lessons: ['shared-singleton', 'database'],
    summary:
      'throughput flat at 19 → 19 req/s from 1 to 64 connections while p50 grew 52 → 3,300 ms, and /health answered in 1.0 ms: the route waits on a resource held one request at a time (a lock, a single connection)',
  },
  shedsAtTop: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'at 64 connections it refused 60% at once with 503 (p99 24 ms), at most 400 req/s accepted: no blind spot, it sheds what it cannot take',
  },
  collapsing: {
    kind: 'unknown',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'throughput falls as clients are added (100 at 1, 300 at 4, 120 at 16, 40 at 64 req/s; 0 failed at 64), /health in 1.0 ms: not a shape the doctor knows; read the table',
  },
  generatorLimit: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      "scales 48 → 950 req/s from 1 to 64 connections, /health in 1.0 ms, up to where the doctor's own load generator is the limit (its loop 97% busy; not run in this test): no blind spot it can see",
  },
  poolBounded: {
    kind: 'pool-limited',
    cause: null,
    blindSpot: 2,
    lessons: ['database', 'worker-queue'],
    summary:
      'throughput flattens at 950 req/s from 16 connections (20× from 1 to 64 connections); with 21 ms per request that is about 20 at a time: a pool of about 20, or the cores, limits it; at 1,900 req/s offered (2.0× that) callers waited up to p99 1,000 ms before 45% got a 503: the pool is exhausted, the wait for it is bounded',
  },
  poolSheds: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'throughput flattens at 950 req/s from 16 connections (20× from 1 to 64 connections); with 21 ms per request that is about 20 at a time: a pool of about 20, or the cores, limits it; at 1,900 req/s offered (2.0× that) it refused 50% at once with 503 and kept its p99 at 30 ms: no blind spot, it sheds what it cannot take',
  },
  keptUp: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'throughput flattens at 950 req/s from 16 connections (20× from 1 to 64 connections); with 21 ms per request that is about 20 at a time: a pool of about 20, or the cores, limits it; yet it kept up with more (1,710 of 1,900 req/s offered, p50 35 ms at the end): no blind spot visible at this load',
  },
  unbounded: {
    kind: 'unbounded-queue',
    cause: null,
    blindSpot: 6,
    lessons: ['worker-queue', 'load-shedding'],
    summary:
      "throughput flattens at 950 req/s from 16 connections (20× from 1 to 64 connections); with 21 ms per request that is about 20 at a time: a pool of about 20, or the cores, limits it; at 1,900 req/s offered (2.0× that) it served 1,000 and refused 0.0%, p50 40 → 900 ms from the step's first third to its last: the excess waits in a queue with no bound",
  },
  noOverload: {
    kind: 'pool-limited',
    cause: null,
    blindSpot: 2,
    lessons: ['database', 'worker-queue'],
    summary:
      'throughput flattens at 950 req/s from 16 connections (20× from 1 to 64 connections); with 21 ms per request that is about 20 at a time: a pool of about 20, or the cores, limits it',
  },
  scales: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'scales 10 → 620 req/s from 1 to 64 connections (62×), p99 124 ms against p50 103 ms at 64, /health in 1.0 ms: no blind spot visible at this load',
  },
  scalesGenerator: {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary:
      'scales 10 → 620 req/s from 1 to 64 connections (62×), p99 124 ms against p50 103 ms at 64, /health in 1.0 ms: no blind spot visible at this load (the doctor’s own load generator was saturated: the route may scale further)',
  },
}

describe('the doctor’s verdicts, whole', () => {
  for (const name of Object.keys(cases) as Array<keyof typeof cases>) {
    it(name, () => expect(diagnose(cases[name])).toEqual(expected[name]))
  }
})

describe('the doctor’s thresholds, each on both sides', () => {
  const withCores = (cores: number) =>
    run(blocked.map((l) => ({ ...l, inside: { elu: 1, cpuCores: cores, lagP99Ms: 100, lagMaxMs: 101 } })))

  it('CPU work from RULES.cpuCores up, a waiting call up to RULES.waitingCores, neither between', () => {
    expect(diagnose(withCores(RULES.cpuCores)).cause).toBe('cpu')
    expect(diagnose(withCores(RULES.cpuCores - 0.01)).cause).toBeNull()
    expect(diagnose(withCores(RULES.waitingCores)).cause).toBe('sync-io')
    expect(diagnose(withCores(RULES.waitingCores + 0.01)).cause).toBeNull()
    // With every core of the machine busy, little CPU proves no wait; much still proves work.
    const full = (cores: number, machineBusy: number) =>
      run(withCores(cores).levels.map((l, i) => (i === 2 ? { ...l, machineBusy } : l)))
    expect(diagnose(full(0.05, RULES.machineBusy)).cause).toBeNull()
    expect(diagnose(full(0.05, RULES.machineBusy)).summary).toContain('every core of the machine was busy')
    expect(diagnose(full(0.05, RULES.machineBusy - 0.01)).cause).toBe('sync-io')
    expect(diagnose(full(RULES.cpuCores, 1)).cause).toBe('cpu')
    // The busiest level decides, not the first.
    const busiestLast = run(
      blocked.map((l, i) => ({
        ...l,
        inside: { elu: 1, cpuCores: i === 3 ? 0.9 : 0.1, lagP99Ms: 100, lagMaxMs: 101 },
      })),
    )
    expect(diagnose(busiestLast).cause).toBe('cpu')
  })

  it('a route that fails half its requests at one connection is examined; one more failure, and it is not', () => {
    const failing = (failed: number) =>
      run([
        level(1, 10, 100, 2, { failed, attempts: 100, replies: 100 - failed }),
        level(4, 40, 100, 2),
        level(16, 160, 100, 2),
        level(64, 620, 103, 2),
      ])
    expect(diagnose(failing(50)).kind).toBe('healthy')
    expect(diagnose(failing(51)).kind).toBe('unknown')
    expect(diagnose(run([level(1, 0, 5, 2, { attempts: 0, replies: 0 })])).kind).toBe('unknown')
  })

  it('a held loop: the probe’s p50 a quarter of the route’s p50 and at least 2 ms over idle', () => {
    // Route p50 40 ms: held from a probe p50 of 10.8 (10 over the idle 0.8).
    const probe = (p50: number) =>
      run([
        level(1, 25, 40, 2, { probe: { p50, p90: p50, p99: p50, max: p50, lost: 0, samples: 80 } }),
        level(4, 40, 100, 2),
        level(16, 42, 380, 2),
        level(64, 42, 1_500, 2),
      ])
    expect(diagnose(probe(10.8)).kind).toBe('loop-blocked')
    expect(diagnose(probe(10.7)).kind).toBe('healthy')
    // Below RULES.minRouteMs, a request is too short to tell a stall from noise.
    const short = (routeMs: number) =>
      run([
        level(1, 200, routeMs, 2, { probe: { p50: 7, p90: 7, p99: 7, max: 7, lost: 0, samples: 80 } }),
        level(4, 210, 10, 2),
        level(16, 215, 40, 2),
        level(64, 215, 160, 2),
      ])
    expect(diagnose(short(RULES.minRouteMs - 0.1)).kind).not.toBe('loop-blocked')
    expect(diagnose(short(RULES.minRouteMs)).kind).toBe('loop-blocked')
  })

  it('held now and then: the probe’s p99 a quarter of the route’s p99 and RULES.minRareStallMs over idle, on a route whose p99 is that long', () => {
    // Rare long holds (a write waiting on a slow reader): p50s untouched, the p99s both long.
    const rare = (routeP99: number, probeP99: number) =>
      run([
        level(1, 100, 10, 1, {
          okLatencyMs: { p50: 10, p99: routeP99 },
          probe: { p50: 1, p90: 1, p99: probeP99, max: probeP99, lost: 0, samples: 80 },
        }),
        level(4, 400, 10, 1),
        level(16, 1_600, 10, 1),
        level(64, 6_400, 10, 1),
      ])
    // A route p99 of 240 ms: a quarter is 60, over the 50 ms floor; the idle probe is 0.8.
    expect(diagnose(rare(240, 60.8)).kind).toBe('loop-blocked')
    expect(diagnose(rare(240, 60.7)).kind).toBe('healthy')
    // A route p99 of 100 ms: the floor decides.
    expect(diagnose(rare(100, 50.8)).kind).toBe('loop-blocked')
    expect(diagnose(rare(100, 50.7)).kind).toBe('healthy')
    // A route whose own p99 is under the floor: its rare waits are too short to call holds.
    expect(diagnose(rare(RULES.minRareStallMs, 200)).kind).toBe('loop-blocked')
    expect(diagnose(rare(RULES.minRareStallMs - 0.1, 200)).kind).toBe('healthy')
  })

  it('a plateau: the last step gave less than RULES.plateauGrowth times the one before', () => {
    const last = (okRps: number) =>
      run([level(1, 48, 21, 2), level(4, 190, 21, 2), level(16, 500, 21, 2), level(64, okRps, 40, 2)])
    expect(diagnose(last(2 * 500)).kind).toBe('healthy')
    expect(diagnose({ ...last(2 * 500 - 1), overloadSkipped: null }).kind).toBe('pool-limited')
  })

  it('collapse: at the top below half the best, and no 503 to explain it', () => {
    const top = (okRps: number, shed = 0) =>
      run([level(1, 100, 10, 2), level(4, 300, 13, 2), level(16, 120, 130, 2), level(64, okRps, 1_600, 2, { shed })])
    expect(diagnose(top(149)).kind).toBe('unknown')
    expect(diagnose(top(150)).kind).not.toBe('unknown')
    expect(diagnose(top(40, 5)).kind).not.toBe('unknown')
  })

  it('under overload: kept up from RULES.keptUp of the offered rate; sheds from RULES.shedShare; fast within RULES.fastShedFactor of the route’s p99', () => {
    const step = (o: Partial<Overload>) => diagnose(run(plateau, atTwicePlateau(o))).kind
    expect(step({ okRps: RULES.keptUp * 1_900 })).toBe('healthy')
    expect(step({ okRps: RULES.keptUp * 1_900 - 1 })).toBe('unbounded-queue')
    expect(step({ shedShare: RULES.shedShare, okP99Ms: 1_000 })).toBe('pool-limited')
    expect(step({ shedShare: RULES.shedShare - 0.001, okP99Ms: 1_000 })).toBe('unbounded-queue')
    // The route's p99 at one connection is 25.2 ms: fast up to 126 ms.
    expect(step({ shedShare: 0.5, okP99Ms: 126 })).toBe('healthy')
    expect(step({ shedShare: 0.5, okP99Ms: 127 })).toBe('pool-limited')
  })

  it('the doctor’s own generator is the limit above RULES.generatorBusy, at the top or in the overload step', () => {
    const busy = (elu: number) =>
      run(
        plateau.map((l, i) => (i === 3 ? { ...l, generatorElu: elu } : l)),
        atTwicePlateau({ shedShare: 0.45, okP99Ms: 1_000 }),
      )
    expect(diagnose(busy(RULES.generatorBusy)).kind).toBe('pool-limited')
    expect(diagnose(busy(RULES.generatorBusy + 0.01)).kind).toBe('healthy')
    expect(
      diagnose(
        run(plateau, atTwicePlateau({ shedShare: 0.45, okP99Ms: 1_000, generatorElu: RULES.generatorBusy + 0.01 })),
      ).kind,
    ).toBe('healthy')
  })

  it('a busy generator is not the limit said when the server computes at its own limit: the cores they share are', () => {
    const sharing = (cpuCores: number) =>
      run(
        plateau.map((l, i) =>
          i === 3 ? { ...l, generatorElu: 0.95, inside: { elu: 0.95, cpuCores, lagP99Ms: 20, lagMaxMs: 30 } } : l,
        ),
        atTwicePlateau({ okRps: 1_000, generatorElu: 0.95 }),
      )
    expect(diagnose(sharing(RULES.processCores)).kind).toBe('cpu-saturated')
    expect(diagnose(sharing(0.1)).kind).toBe('healthy')
  })

  it('serialised needs the probe quick, the process not busy, its loop not full and the doctor not at its limit', () => {
    const flat = (probeP50: number, cores: number, elu = 0.1, generatorElu = 0.05) =>
      run([
        level(1, 19, 52, 2),
        level(4, 19, 210, 2),
        level(16, 19, 840, 2),
        level(64, 19, 3_300, 2, {
          probe: { p50: probeP50, p90: probeP50, p99: probeP50, max: probeP50, lost: 0, samples: 80 },
          inside: { elu, cpuCores: cores, lagP99Ms: 1, lagMaxMs: 1 },
          generatorElu,
        }),
      ])
    expect(diagnose(flat(0.8 + RULES.quickProbeMs, 0.1)).kind).toBe('serialised')
    expect(diagnose(flat(0.8 + RULES.quickProbeMs + 0.5, 0.1)).kind).not.toBe('serialised')
    expect(diagnose(flat(1, RULES.cpuCores)).kind).not.toBe('serialised')
    // CI at acd3339: n-plus-one's loop 99% busy on 0.57 cores of a full machine; a 5 MB download
    // flat at the doctor's own limit (its loop 98% busy). Neither waits on a lock.
    expect(diagnose(flat(1, 0.1, RULES.loopSaturated - 0.01)).kind).toBe('serialised')
    expect(diagnose(flat(1, 0.1, RULES.loopSaturated)).kind).not.toBe('serialised')
    expect(diagnose(flat(1, 0.1, 0.1, RULES.generatorBusy)).kind).toBe('serialised')
    expect(diagnose(flat(1, 0.1, 0.1, RULES.generatorBusy + 0.01)).kind).not.toBe('serialised')
  })
})
