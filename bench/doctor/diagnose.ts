/**
 * The doctor's verdict, from its measurements alone (pure: the rules are tested on made-up
 * figures, and the labelled check runs them on every variant of the registry).
 *
 * The evidence, in the order it is weighed:
 *  1. At one connection, does the probe (/health, or --probe) wait a good share of what the route takes, over
 *     what the machine adds to any probe (a control server's probe beside it, control.ts)? Then
 *     the route holds the event loop for its whole duration: a synchronous call, or CPU work. With
 *     /metrics, the process's CPU time tells which (a core burnt, or a thread waiting).
 *  2. Does throughput stay flat from 1 to 4 and to the top connections, while the probe answers at
 *     once and the process is not busy? Then requests wait their turn on something held one at a
 *     time: a lock, a connection. (Flat and busy is a route that saturates the cores at once: 3.)
 *  3. Does it scale, then flatten? A resource of about N = plateau × latency limits it (a pool of N,
 *     or the cores). The overload step (twice the plateau, open model) says what happens beyond:
 *     503s and a short p99 (it sheds: healthy), a bounded wait before the 503 (a pool that makes
 *     callers wait), fewer replies than requests and no 503 (the rest queues without a bound), or
 *     all of them served (the plateau was the sweep's, not the route's).
 *  4. Otherwise it scaled to the sweep's limit: no blind spot visible at this load.
 */
import type { DoctorVerdict } from '../../src/exhibits/scenario-kit/workload.js'

export interface ProbeStats {
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  /** Probes without a reply within the probe's timeout. */
  readonly lost: number
  readonly samples: number
}

export interface Level {
  readonly connections: number
  /** 2xx replies per second. */
  readonly okRps: number
  /** Replies of any status per second. */
  readonly rps: number
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number }
  /** The 2xx replies' own latency (a route that sheds answers its 503s at once). */
  readonly okLatencyMs: { readonly p50: number; readonly p99: number }
  /** 503 replies: load shed on purpose. */
  readonly shed: number
  /** Errors, timeouts and non-2xx replies other than 503. */
  readonly failed: number
  readonly replies: number
  /** Requests sent: replies and errors. */
  readonly attempts: number
  readonly probe: ProbeStats
  /**
   * The control's probe over the level (control.ts: a server of the doctor's own on the same
   * machine): what the machine's cores add to any probe. Null for a target on another machine.
   */
  readonly control?: ProbeStats | null
  /** From the server's /metrics over the level, when it has one. */
  readonly inside: {
    readonly elu: number | null
    readonly cpuCores: number | null
    readonly lagP99Ms: number | null
    readonly lagMaxMs: number | null
    /**
     * For a server on this machine (Linux): the share of the level its busiest thread ran or waited,
     * runnable, for a core. Near 1, a thread that never waited for an event: a full loop, on any
     * runtime, even where the machine gave it less than a core.
     */
    readonly busiestThread?: number | null
  } | null
  /** The load generator's own loop utilisation: near 1, the doctor set the pace, not the server. */
  readonly generatorElu: number
  /**
   * How busy the machine's cores were over the level (0 to 1), the doctor's own load included; null
   * for a target on another machine, or where /proc/stat is not there.
   */
  readonly machineBusy: number | null
}

export interface Overload {
  readonly offeredRps: number
  readonly sent: number
  readonly okRps: number
  /** Shares of the requests sent. */
  readonly shedShare: number
  readonly failedShare: number
  /** 503s among the requests due in the last third: a bounded wait refuses late in the step. */
  readonly lateShedShare: number
  /** p50 latency (from due time) of the 2xx replies due in the first and the last third of the step. */
  readonly earlyP50Ms: number
  readonly lateP50Ms: number
  readonly okP99Ms: number
  /**
   * The load generator's own loop utilisation over the step: near 1, its schedule slipped, and the step says
   * nothing.
   */
  readonly generatorElu: number
  /**
   * Connections the step could open, and the share of requests that found them all busy: their wait was the
   * doctor's, and the server held no more than that many.
   */
  readonly maxConnections: number
  readonly waitedForConnectionShare: number
  /** The server's inside view and the machine's cores over the step, as for a level; absent where not read. */
  readonly inside?: Level['inside']
  readonly machineBusy?: number | null
}

export interface Measurements {
  readonly idleProbeMs: number
  /** The control's probe alone, before any load; null without a control. */
  readonly idleControlMs?: number | null
  readonly levels: readonly Level[]
  readonly overload: Overload | null
  /** Why the overload step did not run, when it did not. */
  readonly overloadSkipped: string | null
  /** The probe's path, as the texts name it (default /health). */
  readonly probeName?: string
  /** What one of the route's calls costs, ms, when the user said (`--expect-ms`); null or absent otherwise. */
  readonly expectMs?: number | null
}

export type VerdictKind = DoctorVerdict
/**
 * What holds the route. Loop blocked: a synchronous call or CPU work. A plateau: the cores (the CPU
 * is the limit, no pool in the way) or a pool (the CPU is not).
 */
export type Cause = 'sync-io' | 'cpu' | 'pool' | null

export interface Diagnosis {
  readonly kind: VerdictKind
  /** For loop-blocked: what holds the loop, when the inside view tells. */
  readonly cause: Cause
  /**
   * The blind spot: 1 a blocking call, 2 access that serialises, 6 CPU or an unbounded queue (the report
   * names the article's sections).
   */
  readonly blindSpot: number | null
  /** Scenario lessons that show this blind spot and its fix. */
  readonly lessons: readonly string[]
  /** The verdict in plain words, with the numbers that decided it. */
  readonly summary: string
}

const n0 = (v: number) => (v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US'))
/** Failures under overload, said wherever the step's figures are: a 500 is not a 503, nor a reply. */
const failedText = (o: Overload) =>
  o.failedShare > 0 ? ` (and ${n0(100 * o.failedShare)}% failed: errors, timeouts, non-2xx other than 503)` : ''

/** Thresholds, named: each is a ratio or a floor with a wide margin (machines differ). */
export const RULES = {
  /**
   * A request must take at least this long for a stall to tell from noise, ms (a 7 ms scrypt check on a fast
   * machine is 12 ms on a slower one: the floor stays below both).
   */
  minRouteMs: 3,
  /** The probe's p50 at one connection exceeds its idle p50 by at least this, ms… */
  minStallMs: 2,
  /** …and by this share of the route's own p50: the loop is held for the whole request. */
  stallShare: 0.25,
  /**
   * The probe's p90 at one connection at least this share of the route's p50: one probe in ten or more lands
   * in a hold and waits most of it (the loop held for about half of each request or more).
   */
  heldShare: 0.4,
  /** …and at least this, ms: shorter holds are CPU work in small pieces, not a blocked loop. */
  minHeldMs: 8,
  /**
   * The inside view can rule a hold out: a loop busy (its utilisation at one connection) less than
   * half the time cannot make half the probes wait, nor, busy less than a sixth of it, one probe in
   * ten wait 0.4 of a request (a hold is at most a request long at one connection). The probe's
   * wait is then the machine's: its cores shared with the route's backend and the doctor.
   */
  heldLoopBusy: 0.5,
  heldOftenLoopBusy: 1 / 6,
  /**
   * CPU per request (the process's CPU time ÷ requests, at one connection) spent on the loop would
   * make the probe's p90 wait h·(1 − 0.1·L/h) for a hold of h in a request of L: a probe that waits
   * at least this share of that, with h at least `minHeldMs`, shows the CPU is spent on the loop
   * (a client or a TLS context built per request, parsing). Off the loop (a worker pool), it waits
   * none of it.
   */
  heldByCpuShare: 0.5,
  /** A stall now and then: the probe's p99 and the route's at one connection at least this, ms. */
  minRareStallMs: 50,
  /** Serialised needs the probe quick at the top (at most this, ms, over its idle p50) and the process not busy. */
  quickProbeMs: 10,
  /** Throughput counts as flat below this growth from 1 connection to the top. */
  flatGrowth: 1.5,
  /**
   * The last step of the sweep (4× the connections) gave less than this: a plateau (half the step's growth or
   * less).
   */
  plateauGrowth: 2,
  /** Under overload, this share of 503s means the route sheds. */
  shedShare: 0.05,
  /** Throughput at the top below this share of the sweep's best: it collapses under load. */
  collapse: 0.5,
  /** The doctor's own loop busier than this: it, not the server, set the pace. */
  generatorBusy: 0.85,
  /** Under overload, 2xx at this share of the offered rate or more: it kept up. */
  keptUp: 0.9,
  /**
   * Under overload, a p99 of the 2xx within this many times the one-connection p99 (and at most 250 ms) is
   * shedding fast.
   */
  fastShedFactor: 5,
  /**
   * A blocked loop with the process using at least this many cores is computing; at most `waitingCores`,
   * waiting inside a call.
   */
  cpuCores: 0.6,
  waitingCores: 0.35,
  /** A plateau is the CPU's when the process uses this many cores or more (a one-threaded runtime has one). */
  processCores: 0.8,
  /**
   * …or when it burns at least `cpuCores` and either its loop (Node's utilisation) is this busy at the
   * top or the machine has no room (`poolRoom`): the one thread that runs the handlers has no time
   * left, on a machine whose cores the database and the doctor share it gets less than a whole core.
   * Or, burning at least `fullThreadCores`, when one of its threads ran or waited for a core this
   * share of the level (any runtime: a one-threaded one without a loop metric, given less than a core),
   * or Node's loop was this busy on a machine with little room (`poolRoom`): a loop that never idles
   * waited for no event, and the full machine is why it got no more (with room, a loop full on half a
   * core may be half held by a call).
   */
  loopSaturated: 0.9,
  /**
   * A full thread (`loopSaturated`) counts as the process computing when it ran at least this many
   * cores: at least as long as it waited for one. Less, and what held the cores was other work: a
   * database scanning on the same machine (pagination/offset's API ran 0.07 of a core, its thread
   * 95% full); more, and it is the API's share of cores it shares (0.54 to 0.58 on two cores beside
   * Postgres and the doctor, its loop full).
   */
  fullThreadCores: 0.5,
  /** The machine's cores this busy at the top (the doctor's own load included): said beside a plateau. */
  machineBusy: 0.9,
  /**
   * A pool (and its size) is named only with room on the machine: its cores less than this busy at the
   * top, the doctor's own load included. Busier, a process burning little may be starved of its share
   * (a database on the same machine, the doctor), and the plateau may be the CPU's.
   */
  poolRoom: 0.8,
  /**
   * With --expect-ms, a route whose p50 at one connection is at least this many times what one call
   * costs waits for its calls one after another (two in turn are 2×; one call and its overhead, below).
   */
  sequentialFactor: 1.8,
} as const

/**
 * What holds the loop: the process's CPU time over the sweep's busiest level. A loop held by CPU
 * work burns about a core; one held by a synchronous call waits, and burns little. (Loop
 * utilisation cannot tell: a synchronous wait counts as busy.)
 */
function cause(levels: readonly Level[]): Cause {
  const cores = levels.map((l) => l.inside?.cpuCores).filter((c): c is number => typeof c === 'number')
  if (cores.length === 0) return null
  const busiest = Math.max(...cores)
  if (busiest >= RULES.cpuCores) return 'cpu'
  // With every core busy, little CPU proves no wait: computing, the process may get less than a core.
  return busiest <= RULES.waitingCores && !levels.some(machineFull) ? 'sync-io' : null
}

/**
 * The probe's p90 wait were the loop held `holdMs` of every `requestMs` (back to back at one
 * connection): a probe lands in a hold with chance h/L and waits what is left of it, uniform on
 * [0, h]; the 90th percentile of that mixture. Zero when fewer than one probe in ten lands in one.
 */
export function p90WaitOfHold(holdMs: number, requestMs: number): number {
  const share = Math.min(1, holdMs / Math.max(requestMs, 1e-9))
  return share <= 0.1 ? 0 : Math.min(holdMs, requestMs) * (1 - 0.1 / share)
}

/** The machine's cores this busy at a level (the doctor's own load included): none to spare. */
const machineFull = (level: Level) => (level.machineBusy ?? 0) >= RULES.machineBusy
/** Too busy a machine for a process's low CPU to prove it waits on a pool (RULES.poolRoom). */
const noRoomForPool = (level: Pick<Level, 'machineBusy'>) => (level.machineBusy ?? 0) >= RULES.poolRoom

/** The verdicts that name no blind spot: the route is fine, or the cores are its only limit. */
export const NO_BLIND_SPOT: readonly VerdictKind[] = ['healthy', 'cpu-saturated']

/**
 * What a plateau is the limit of, from the process's CPU time at the top of the sweep: the CPU when
 * it burns most of a core or more (a one-threaded runtime has no more); something it waits on (a
 * pool, or a backend) when it burns little. The machine's cores cannot say which: a one-threaded
 * server saturates one core of many, and a database on the same machine burns cores that are not
 * the route's. Without the process's CPU, null: both stay possible. And on a machine with every core
 * busy, little CPU proves no wait (the process may get less than its core), so null there too, and
 * where a thread of it never waited for an event (it ran, or waited for a core).
 */
function plateauLimit(top: Pick<Level, 'inside' | 'machineBusy'>): { cause: Cause; evidence: string } {
  const machine = top.machineBusy
  const cores = top.inside?.cpuCores ?? null
  const busyElsewhere = noRoomForPool(top)
  const machineText =
    machine === null
      ? ''
      : `the machine ${n0(100 * machine)}% busy, the doctor's own load included${busyElsewhere && cores !== null && cores < RULES.cpuCores ? ': a backend on this machine may be what is busy' : ''}`
  const evidence = [cores === null ? '' : `the process using ${cores.toFixed(2)} cores`, machineText]
    .filter(Boolean)
    .join('; ')
  const elu = top.inside?.elu ?? null
  const loopFull = elu !== null && elu >= RULES.loopSaturated
  // A thread that ran or waited for a core nearly all the level never waited for an event: no pool
  // held it, whatever share of a core the machine gave it (a one-threaded runtime beside busy work).
  const thread = top.inside?.busiestThread ?? null
  const threadFull = thread !== null && thread >= RULES.loopSaturated
  const said = [
    evidence,
    loopFull ? `its event loop ${n0(100 * elu)}% busy` : '',
    threadFull ? `its busiest thread running or waiting for a core ${n0(100 * thread)}% of the time` : '',
  ]
    .filter(Boolean)
    .join('; ')
  // Most of a core, with its loop or a thread full or on a machine with little room: the process
  // computes, and gets no more (a pool's plateau leaves it burning little). A full thread that ran
  // little is not enough: on a machine a database keeps busy, it mostly waited for a core.
  if (
    cores !== null &&
    (cores >= RULES.processCores ||
      (cores >= RULES.cpuCores && (loopFull || busyElsewhere)) ||
      (cores >= RULES.fullThreadCores && (threadFull || (loopFull && busyElsewhere))))
  )
    return { cause: 'cpu', evidence: said }
  // With no core to spare, or a thread that never waited for an event, little CPU proves no wait:
  // the process may be starved of its share.
  if (cores !== null && cores < RULES.cpuCores && !busyElsewhere && !threadFull)
    return { cause: 'pool', evidence: said }
  return { cause: null, evidence: said }
}

/**
 * The plateau's limit, from the top of the sweep, and where that cannot tell, from the overload
 * step: beyond the plateau the limit is engaged, so a process held by its CPU has a request waiting
 * whenever its thread is free (at the sweep's top the doctor's own turn between a reply and the
 * next request can leave it idle). Only the CPU is taken from the step: a pool's mark, a process
 * burning little, is no clearer there.
 */
function plateauLimitOf(top: Level, overload: Overload | null): { cause: Cause; evidence: string } {
  const atTop = plateauLimit(top)
  if (atTop.cause !== null || !overload?.inside) return atTop
  const beyond = plateauLimit({ inside: overload.inside, machineBusy: overload.machineBusy ?? null })
  if (beyond.cause !== 'cpu') return atTop
  return { cause: 'cpu', evidence: `under overload ${beyond.evidence}; at the top of the sweep ${atTop.evidence}` }
}

const CPU_SATURATED =
  'the cores are the limit, not a blind spot (latency beyond it is requests waiting their turn): to serve more, less CPU per request (a profile) or more processes; to keep latency bounded under overload, refuse what it cannot take (load shedding)'

const cpuSaturated = (summary: string): Diagnosis => ({
  kind: 'cpu-saturated',
  cause: 'cpu',
  blindSpot: null,
  lessons: ['load-shedding'],
  summary,
})

/**
 * The verdict, and with --expect-ms the latency blind spot on top: a route that keeps up (healthy,
 * or the cores its limit) but takes several times what one of its calls costs at one connection
 * waits for its calls one after another. Without what one call costs, that is invisible from outside.
 */
export function diagnose(m: Measurements): Diagnosis {
  const capacity = diagnoseCapacity(m)
  const first = m.levels[0]
  if (!m.expectMs || !first || !NO_BLIND_SPOT.includes(capacity.kind)) return capacity
  const p50 = first.okLatencyMs.p50
  const times = p50 / m.expectMs
  const latency = `at one connection p50 ${n0(p50)} ms, ${n0(times)}× the ${n0(m.expectMs)} ms one call costs`
  if (times < RULES.sequentialFactor) return { ...capacity, summary: `${capacity.summary}; ${latency}` }
  return {
    kind: 'sequential-awaits',
    cause: null,
    blindSpot: 7,
    lessons: ['fan-out'],
    summary: `${latency}: it waits for its calls one after another; if they are independent, start them together and await them at once (capacity: ${capacity.summary})`,
  }
}

function diagnoseCapacity({
  idleProbeMs,
  idleControlMs = null,
  levels,
  overload,
  overloadSkipped,
  probeName = '/health',
}: Measurements): Diagnosis {
  const first = levels[0]
  const top = levels.at(-1)
  if (!first || !top) return { kind: 'unknown', cause: null, blindSpot: null, lessons: [], summary: 'no measurement' }
  const range = `from ${first.connections} to ${top.connections} connections`
  if (first.attempts === 0 || first.failed > 0.5 * first.attempts) {
    return {
      kind: 'unknown',
      cause: null,
      blindSpot: null,
      lessons: [],
      summary: `the route fails: ${first.failed} of ${first.attempts} requests at one connection got no 2xx or 503; fix that first`,
    }
  }

  // 1. The loop held for the whole request.
  // A probe that lands while the loop is held waits out the rest of the hold: held for the whole
  // request (back to back at one connection), half the probes wait a quarter of it or more.
  // Or the hold is now and then (a write that waits for a slow reader): the rare long waits, the
  // probe's and the route's own p99 alike.
  const route = first.okLatencyMs
  // The probe's wait over its idle latency, less what the machine adds to any probe (the
  // control's wait over its own idle latency, quantile for quantile): a hold of this loop.
  const waitOf = (q: 'p50' | 'p90' | 'p99') =>
    first.probe[q] -
    idleProbeMs -
    (first.control && idleControlMs !== null ? Math.max(0, first.control[q] - idleControlMs) : 0)
  const stallMs = waitOf('p50')
  const loopBusy = (share: number) => (first.inside?.elu ?? 1) >= share
  const held =
    route.p50 >= RULES.minRouteMs &&
    stallMs >= Math.max(RULES.minStallMs, RULES.stallShare * route.p50) &&
    loopBusy(RULES.heldLoopBusy)
  // Held for part of the time (a route that sheds some requests and blocks on the others): one
  // probe in ten or more lands in a hold and waits out most of it.
  const heldOften =
    route.p50 >= RULES.minRouteMs &&
    waitOf('p90') >= Math.max(RULES.minHeldMs, RULES.heldShare * route.p50) &&
    loopBusy(RULES.heldOftenLoopBusy)
  // The process's CPU per request, were it all spent on the loop, would make the probe wait too.
  const cpuMsPerRequest =
    typeof first.inside?.cpuCores === 'number' && first.rps > 0 ? (1000 * first.inside.cpuCores) / first.rps : null
  const heldByCpu =
    cpuMsPerRequest !== null &&
    route.p50 >= RULES.minRouteMs &&
    cpuMsPerRequest >= RULES.minHeldMs &&
    waitOf('p90') >= Math.max(RULES.minStallMs, RULES.heldByCpuShare * p90WaitOfHold(cpuMsPerRequest, route.p50)) &&
    loopBusy(RULES.heldOftenLoopBusy)
  const heldNowAndThen =
    route.p99 >= RULES.minRareStallMs && waitOf('p99') >= Math.max(RULES.minRareStallMs, RULES.stallShare * route.p99)
  // A loop held for a quarter or more of each request serves at most four times as many when
  // clients are added: a route that scales past that was not held by its own work, though the
  // probe waited (a large body's copies through loopback and their GC, on a fast machine).
  const growth = top.okRps / Math.max(first.okRps, 1e-9)
  const scalesPastAHold = growth > 1 / RULES.stallShare
  if (((held || heldOften || heldByCpu) && !scalesPastAHold) || heldNowAndThen) {
    const c = cause(levels)
    const what =
      c === 'cpu'
        ? 'CPU work (a profile says which: parsing, hashing, a client or TLS context built per request)'
        : c === 'sync-io'
          ? 'a synchronous call (the loop waits, not computes)'
          : levels.some((l) => typeof l.inside?.cpuCores === 'number')
            ? levels.some(machineFull)
              ? 'a synchronous call or CPU work (every core of the machine was busy: the process’s CPU time cannot tell which)'
              : 'a synchronous call or CPU work (the process’s CPU time sits between the two)'
            : 'a synchronous call or CPU work (a /metrics with process_cpu_seconds_total would tell which)'
    const cpu =
      c === null
        ? ''
        : `, the process using ${Math.max(...levels.map((l) => l.inside?.cpuCores ?? 0)).toFixed(2)} cores${cpuMsPerRequest === null ? '' : ` (${n0(cpuMsPerRequest)} ms of CPU per request at one connection)`}`
    return {
      kind: 'loop-blocked',
      cause: c,
      blindSpot: c === 'cpu' ? 6 : 1,
      lessons:
        c === 'cpu'
          ? ['password-hash', 'file-io', 'hooks']
          : c === 'sync-io'
            ? ['outbound-http', 'database']
            : ['outbound-http', 'password-hash'],
      summary:
        `throughput ${n0(first.okRps)} → ${n0(top.okRps)} req/s ${range} while ${probeName} waited ${n0(first.probe.p50)} ms (p50; p99 ${n0(first.probe.p99)}) at one connection ` +
        `(the route itself: p50 ${n0(route.p50)}, p99 ${n0(route.p99)} ms) and ${n0(top.probe.p50)} ms at ${top.connections}${cpu}: ` +
        `the event loop is blocked inside this route by ${what}`,
    }
  }

  const second = levels[1] ?? top
  // 2. One at a time, the loop free: the process neither blocked nor busy while requests queue.
  // Not with its loop full (on a full machine a process that wants a core gets less), nor with
  // the doctor's own generator at its limit: throughput is then flat for want of CPU, not a lock.
  const idle =
    top.probe.p50 - idleProbeMs <= RULES.quickProbeMs &&
    (top.inside?.cpuCores ?? 0) < RULES.cpuCores &&
    (top.inside?.elu ?? 0) < RULES.loopSaturated &&
    top.generatorElu <= RULES.generatorBusy
  if (growth < RULES.flatGrowth && second.okRps < RULES.flatGrowth * first.okRps && idle) {
    return {
      kind: 'serialised',
      cause: null,
      blindSpot: 2,
      lessons: ['shared-singleton', 'database'],
      summary:
        `throughput flat at ${n0(first.okRps)} → ${n0(top.okRps)} req/s ${range} while p50 grew ${n0(first.latencyMs.p50)} → ${n0(top.latencyMs.p50)} ms, ` +
        `and ${probeName} answered in ${n0(top.probe.p50)} ms: the route waits on a resource held one request at a time (a lock, a single connection)`,
    }
  }

  // A bound already refusing most requests at the top of the sweep, and quickly: it sheds.
  const shedAtTop = top.shed / Math.max(top.replies, 1)
  if (shedAtTop >= 0.5 && top.latencyMs.p99 <= Math.min(250, RULES.fastShedFactor * Math.max(route.p99, 1))) {
    return {
      kind: 'healthy',
      cause: null,
      blindSpot: null,
      lessons: [],
      summary: `at ${top.connections} connections it refused ${n0(100 * shedAtTop)}% at once with 503 (p99 ${n0(top.latencyMs.p99)} ms), at most ${n0(Math.max(...levels.map((l) => l.okRps)))} req/s accepted: no blind spot, it sheds what it cannot take`,
    }
  }

  // A shape none of the rules knows: throughput that falls as clients are added, with no 503 to
  // explain it (thrashing, memory and GC, a lock convoy, errors under load). Said as unknown, with its
  // numbers, rather than forced into one.
  const best = Math.max(...levels.map((l) => l.okRps))
  if (top.okRps < RULES.collapse * best && top.shed === 0) {
    const curve = levels.map((l) => `${n0(l.okRps)} at ${l.connections}`).join(', ')
    return {
      kind: 'unknown',
      cause: null,
      blindSpot: null,
      lessons: [],
      summary: `throughput falls as clients are added (${curve} req/s; ${top.failed} failed at ${top.connections}), ${probeName} in ${n0(top.probe.p50)} ms: not a shape the doctor knows; read the table`,
    }
  }

  // 3. Scales, then flattens: judged from the best level before the top, not the one just before
  // it. A level that fell short (a second in which the machine served something else) is no growth
  // for the top to double.
  const bestBeforeTop = levels.slice(0, -1).reduce((a, l) => (l.okRps > a.okRps ? l : a), first)
  if (top.okRps < RULES.plateauGrowth * bestBeforeTop.okRps) {
    const plateau = best
    const size = (plateau * route.p50) / 1000
    const limit = plateauLimitOf(top, overload)
    // A plateau the doctor itself caused: its one-thread load generator, not the server, was the
    // limit. Not when the server computes at its own limit too: both then share the cores (a large
    // body costs its reader about what it cost its writer), and the cores are what is said.
    const generatorBusy =
      (top.generatorElu > RULES.generatorBusy || (overload?.generatorElu ?? 0) > RULES.generatorBusy) &&
      limit.cause !== 'cpu'
    if (generatorBusy || (overload === null && overloadSkipped !== null)) {
      return {
        kind: 'healthy',
        cause: null,
        blindSpot: null,
        lessons: [],
        summary: `scales ${n0(first.okRps)} → ${n0(plateau)} req/s ${range}, ${probeName} in ${n0(top.probe.p50)} ms, up to where the doctor's own load generator is the limit (its loop ${n0(100 * Math.max(top.generatorElu, overload?.generatorElu ?? 0))}% busy${overloadSkipped ? `; ${overloadSkipped}` : ''}): no blind spot it can see`,
      }
    }
    const flattens = `throughput flattens at ${n0(plateau)} req/s from ${bestBeforeTop.connections} connections (${n0(growth)}× ${range})`
    // A pool's size is said only where the CPU is shown not to be the limit.
    const atTheCores = `${flattens} with the CPU the limit (${limit.evidence})`
    const limited =
      limit.cause === 'cpu'
        ? `${atTheCores}: no pool in the way`
        : limit.cause === 'pool'
          ? `${flattens}; with ${n0(route.p50)} ms per request that is about ${n0(size)} at a time: a pool of about ${Math.max(1, Math.round(size))}, or what it waits on, limits it (not this process's CPU: ${limit.evidence})`
          : noRoomForPool(top)
            ? `${flattens} with the machine's cores busy (${limit.evidence}): the limit may be the CPU this process shares or what it waits on (a pool, a backend on this machine); which cannot be told on a machine this busy`
            : `${flattens}; with ${n0(route.p50)} ms per request that is about ${n0(size)} at a time: a pool of about ${Math.max(1, Math.round(size))}, or the cores, limits it${limit.evidence ? ` (${limit.evidence})` : ''}`
    if (overload && Math.max(overload.shedShare, overload.lateShedShare) >= RULES.shedShare) {
      const fast = overload.okP99Ms <= Math.min(250, RULES.fastShedFactor * Math.max(route.p99, 1))
      if (fast) {
        return {
          kind: 'healthy',
          cause: limit.cause,
          blindSpot: null,
          lessons: [],
          summary: `${limited}; at ${n0(overload.offeredRps)} req/s offered (${n0(overload.offeredRps / plateau)}× that) it refused ${n0(100 * overload.shedShare)}% at once with 503${failedText(overload)} and kept its p99 at ${n0(overload.okP99Ms)} ms: no blind spot, it sheds what it cannot take`,
        }
      }
      // At the cores and refusing late: a bounded wait for a pool in front of them, so not "no pool".
      return {
        kind: 'pool-limited',
        cause: limit.cause,
        blindSpot: 2,
        lessons: ['database', 'worker-queue'],
        summary: `${limit.cause === 'cpu' ? atTheCores : limited}; at ${n0(overload.offeredRps)} req/s offered (${n0(overload.offeredRps / plateau)}× that) callers waited up to p99 ${n0(overload.okP99Ms)} ms before ${n0(100 * overload.shedShare)}% got a 503${failedText(overload)}: the pool is exhausted, the wait for it is bounded`,
      }
    }
    // Served less than offered and refused none: arrivals outrun departures, so the queue grows
    // for as long as the overload lasts. Served nearly all: the plateau was the sweep's (its 64
    // clients, the cores shared with the doctor), not the route's limit.
    if (overload) {
      const keptUp = overload.okRps >= RULES.keptUp * overload.offeredRps
      if (keptUp) {
        return {
          kind: 'healthy',
          cause: limit.cause,
          blindSpot: null,
          lessons: [],
          summary: `${limited}; yet it kept up with more (${n0(overload.okRps)} of ${n0(overload.offeredRps)} req/s offered${failedText(overload)}, p50 ${n0(overload.lateP50Ms)} ms at the end): no blind spot visible at this load`,
        }
      }
      const queued = `${limited}; at ${n0(overload.offeredRps)} req/s offered (${n0(overload.offeredRps / plateau)}× that) it served ${n0(overload.okRps)} and refused ${n0(100 * overload.shedShare)}%${failedText(overload)}, p50 ${n0(overload.earlyP50Ms)} → ${n0(overload.lateP50Ms)} ms from the step's first third to its last`
      const doctorsWait =
        overload.waitedForConnectionShare > 0
          ? ` (that the doctor saw: its ${n0(overload.maxConnections)} connections were all busy for ${n0(100 * overload.waitedForConnectionShare)}% of the requests, so part of the wait was its own, and a bound on waits longer than about ${n0(overload.maxConnections / Math.max(overload.okRps, 1e-9))} s would not show)`
          : ''
      // The cores are the limit: the route does what it can, and beyond it requests wait their turn.
      if (limit.cause === 'cpu') return cpuSaturated(`${queued}: ${CPU_SATURATED}${doctorsWait}`)
      return {
        kind: 'unbounded-queue',
        cause: limit.cause,
        blindSpot: 6,
        lessons: ['worker-queue', 'load-shedding'],
        summary: `${queued}: the excess waits in a queue with no bound${doctorsWait}`,
      }
    }
    const skipped = overloadSkipped ? ` (overload step not run: ${overloadSkipped})` : ''
    if (limit.cause === 'cpu') return cpuSaturated(`${limited}${skipped}: ${CPU_SATURATED}`)
    return {
      kind: 'pool-limited',
      cause: limit.cause,
      blindSpot: 2,
      lessons: ['database', 'worker-queue'],
      summary: `${limited}${skipped}`,
    }
  }

  // 4. Scaled to the sweep's limit.
  const generator =
    top.generatorElu > 0.9 ? ' (the doctor’s own load generator was saturated: the route may scale further)' : ''
  return {
    kind: 'healthy',
    cause: null,
    blindSpot: null,
    lessons: [],
    summary: `scales ${n0(first.okRps)} → ${n0(top.okRps)} req/s ${range} (${n0(growth)}×), p99 ${n0(top.latencyMs.p99)} ms against p50 ${n0(top.latencyMs.p50)} ms at ${top.connections}, ${probeName} in ${n0(top.probe.p50)} ms: no blind spot visible at this load${generator}`,
  }
}
