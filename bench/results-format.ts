import type { MicroRow } from './serialization-micro.js'
import type { QueueDrain } from './queue-drain.js'
import type { SweepResults } from './sweep.js'

/**
 * The shape of bench/results/latest.json. Other tools read these names: keep them stable, and
 * document any change in bench/README.md.
 */
export interface BenchMeta {
  readonly date: string
  readonly gitCommit: string
  readonly node: string
  readonly platform: string
  readonly cpuCount: number
  readonly cpuModel: string
  readonly totalMemoryGb: number
  readonly connections: number
  readonly durationSec: number
  readonly warmupSec: number
  readonly upstreamDelayMs: number
  /**
   * The minimum rounds per variant: the variants of a scenario run A B C, A B C, … so drift hits
   * all alike; a scenario whose target is still undecided gets more, up to `roundLimits`.
   */
  readonly rounds: number
  /** How far a scenario's rounds may go on while a target is undecided (bench/decide.ts). */
  readonly roundLimits?: { readonly maxRounds: number; readonly maxExtraSec: number }
  /** This machine's run-to-run noise, measured before the first scenario (bench/machine-noise.ts). */
  readonly noise?: MachineNoise | null
  /** DB_POOL_SIZE of the API under test. */
  readonly dbPoolSize: number
  readonly quick: boolean
  /** A workshop exercise's run (`--exercise`): its naive variant, the exercise, its model answer. */
  readonly exercise?: boolean
}

/** A fixed CPU task timed a few times, and what the kernel says the cores did meanwhile. */
export interface MachineNoise {
  /** Each timing of the same task, in ms. */
  readonly taskMs: readonly number[]
  /** (slowest − fastest) ÷ fastest of those timings, in %: this machine's run-to-run spread. */
  readonly spreadPct: number
  /** Of the cores' time over the probe (from /proc/stat; null where there is none): stolen by the host, and idle. */
  readonly stealPct: number | null
  readonly idlePct: number | null
}

export interface BenchRow {
  readonly scenario: string
  readonly variant: string
  readonly role: 'naive' | 'optimized'
  readonly path: string
  /** autocannon connections for this row (the run's default unless the workload sets its own). */
  readonly connections: number
  /** The fixed arrival rate of an open-model workload (`offeredRps`), or null for a closed loop of `connections`. */
  readonly offeredRps?: number | null
  /** What the run added to the workload's `counterAfterRun` (e.g. log lines dropped), or null. */
  readonly counter?: { readonly name: string; readonly added: number } | null
  readonly rps: number
  readonly requests: number
  readonly latencyMs: { readonly p50: number; readonly p97_5: number; readonly p99: number; readonly max: number }
  readonly errors: number
  readonly timeouts: number
  readonly non2xx: number
  /** 503 replies among non2xx: shed on purpose where the workload says so (`shedsLoad`). */
  readonly shed503: number
  /** p99 with one connection, measured first where the workload asks (`probeUnloaded`), else null. */
  readonly unloadedP99Ms: number | null
  readonly eventLoopDelayMs: { readonly p99: number; readonly max: number }
  /**
   * The API process's CPU time (every thread: user + system) over the measured window ÷ the
   * requests sent in it: what the mechanism costs the server, whatever the cores left to it.
   * Null in results older than this field.
   */
  readonly cpuMsPerRequest?: number | null
  /** The same CPU time as a % of one core over the window. */
  readonly cpuPctOfCore?: number | null
  readonly rssPeakMb: number
  /** rssPeakMb minus the RSS when the measured run began: memory this variant's load added. */
  readonly rssGrowthMb: number
  readonly ceilingRps: number | null
  /** rps as a % of ceilingRps, or null. */
  readonly ceilingPct: number | null
  /** rps ÷ the rps of the scenario's first variant (its baseline, the naive way). */
  readonly speedup: number | null
  /** Set when the run itself failed (no measurement): the message. */
  readonly failure: string | null
  /** In `runs`: the round this row was measured in (1-based). Absent in `rows`. */
  readonly round?: number
  /** In `rows`: the spread over the rounds the median was taken from. */
  readonly spread?: RoundSpread
}

/** What the rounds of one variant gave: how many, and the range of req/s and p99 across them. */
export interface RoundSpread {
  readonly rounds: number
  readonly rps: { readonly min: number; readonly max: number }
  readonly p99Ms: { readonly min: number; readonly max: number }
  /** The speed-up against the scenario's baseline with its 95% interval (bench/stats.ts), or null for the baseline. */
  readonly speedup: { readonly estimate: number; readonly low: number; readonly high: number } | null
}

/** One of a workload's targets, as measured in this run. */
export interface TargetCheck {
  readonly scenario: string
  readonly variant: string
  readonly claim:
    | `speed-up vs ${string}`
    | '% of ceiling'
    | 'p50 in upstream delays'
    | 'rate as % of COPY'
    | 'peak RSS growth MB'
    | 'deep page ÷ page 1'
    | 'p99 ÷ unloaded p99'
    | 'p99 ms'
    | 'backlog peak ÷ bound'
    | 'jobs lost'
    | 'speed-up vs 1 worker'
    | 'loop delay p99 ms'
    | `${string} added by the run`
    | `CPU ms per request ÷ ${string}`
    | `loop delay p99 ÷ ${string}`
  /** true: `measured` must be at most `threshold`; false: at least. */
  readonly atMost: boolean
  readonly threshold: number
  /** The estimate: the one value of a single round, or the interval's centre. */
  readonly measured: number
  /** The 95% interval over the rounds (low = high = measured for one round). */
  readonly low: number
  readonly high: number
  readonly rounds: number
  /**
   * met: the interval's conservative end clears the threshold (`low` for "at least", `high` for
   * "at most"); missed: the whole interval is on the wrong side; undecided: it still straddles
   * the threshold when the rounds ran out; not judged: the machine has fewer cores than the claim
   * needs (measured and shown all the same).
   */
  readonly outcome: TargetOutcome
  /** outcome === 'met', for readers of older results. */
  readonly met: boolean
  /** Why a target ended undecided or not judged. */
  readonly reason?: string
  /** The variant a ratio claim compares with. */
  readonly versus?: string
}

export type TargetOutcome = 'met' | 'missed' | 'undecided' | 'not judged'

export interface BenchResults {
  readonly meta: BenchMeta
  /** One row per variant: the median of its rounds, with their spread. */
  readonly rows: readonly BenchRow[]
  /** Every round's row, in the order measured. */
  readonly runs: readonly BenchRow[]
  /** Seconds each scenario took, all rounds included. */
  readonly scenarioSeconds: Readonly<Record<string, number>>
  readonly targets: readonly TargetCheck[]
  /** Serialisation alone, no HTTP (bench/serialization-micro.ts). */
  readonly serializationMicro: readonly MicroRow[]
  /**
   * 100 / 1,000 / 10,000 / 100,000 rows one request at a time (bench/volume.ts); null when its scenarios were
   * not run.
   */
  readonly volume: VolumeResults | null
  /** The volume rows under load against their ceilings (bench/volume-load.ts), or null. */
  readonly volumeLoad?: readonly VolumeLoadRow[] | null
  /** The workers draining what an offloading variant enqueued (bench/queue-drain.ts), or null. */
  readonly queueDrain: QueueDrain | null
  /** The queue's admission bound under sustained overload, and 1, 2 (4) workers (bench/queue-study.ts), or null. */
  readonly queueStudy?: QueueStudy | null
  /** Load curves at fixed offered rates and a connection sweep (`--sweep`, bench/sweep.ts), or null. */
  readonly sweep?: SweepResults | null
}

/** One volume row under load against its ceilings (bench/volume-load.ts). */
export interface VolumeLoadRow {
  readonly technique: string
  readonly connections: number
  readonly bytesPerRequest: number
  readonly rps: number
  readonly cpuMsPerRequest: number | null
  readonly cpuMsPerMb: number | null
  readonly databaseRps: number
  readonly serverRps: number
  /** req/s as a % of the lesser ceiling. */
  readonly pctOfCeiling: number
  readonly limitedBy: 'database' | 'server'
  readonly rounds: number
}

/** The volume study (bench/volume.ts). */
export interface VolumeCell {
  readonly rows: number
  /** Medians over the samples: until the first byte of the body, and until its last. */
  readonly firstByteMs: number
  readonly lastByteMs: number
  readonly bytes: number
  /** The API's peak RSS during one request, minus its RSS just before (max over the samples). */
  readonly rssGrowthMb: number | null
  readonly samples: number
}

export interface VolumeTechnique {
  readonly technique: string
  readonly role: 'naive' | 'optimized' | 'baseline'
  /** The API request with `{rows}` for the row count; null for the COPY baseline (no HTTP). */
  readonly request: string | null
  readonly cells: readonly VolumeCell[]
}

export interface PageTiming {
  readonly variant: 'offset' | 'keyset'
  readonly pageOneMs: number
  /** Page 2: the first page that carries a cursor, as every deeper page does. */
  readonly pageTwoMs: number
  readonly deepPageMs: number
  readonly deepPage: number
}

export interface VolumeResults {
  readonly techniques: readonly VolumeTechnique[]
  readonly pages: readonly PageTiming[]
  /** Each technique's rows per second at 100,000 rows as a % of COPY's (the baseline: 100). */
  readonly pctOfCopy: Readonly<Record<string, number>>
  readonly checks: readonly TargetCheck[]
}

/** The queue study (bench/queue-study.ts). */
export interface AdmissionRun {
  readonly maxBacklog: number
  /** OVERLOAD_FACTOR × what inline sustained. */
  readonly offeredRps: number
  readonly inlineRps: number
  readonly durationSec: number
  /** 202 replies. */
  readonly accepted: number
  /** 503 replies: refused at the bound. */
  readonly refused: number
  /** Anything else: other statuses, errors, timeouts. */
  readonly failed: number
  /** Acceptance latency (the POST), corrected for coordinated omission. */
  readonly acceptanceMs: { readonly p50: number; readonly p99: number }
  /** The load and the drain after it (backlog samples, end-to-end latency, completed jobs). */
  readonly drain: QueueDrain
  /** Accepted jobs neither completed nor dead-lettered once the queue was empty. */
  readonly lost: number
}

export interface ScaleOutPoint {
  readonly workers: number
  readonly jobs: number
  readonly drainMs: number
  readonly jobsPerSec: number
  /** How busy the machine's cores were while they drained (every process: workers, Postgres, Redis). */
  readonly cpuBusyPct: number
}

export interface QueueStudy {
  readonly cores: number
  readonly concurrencyPerWorker: number
  readonly admission: AdmissionRun
  readonly scaleOut: readonly ScaleOutPoint[]
  /** Whether the 2-worker target was judged: only where one worker left cores idle (see queue-study.ts). */
  readonly scaleOutJudged: boolean
  readonly checks: readonly TargetCheck[]
}
