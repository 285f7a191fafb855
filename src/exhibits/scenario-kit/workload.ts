import type { Pace } from '../log-sink/slow-consumer.js'

/**
 * How the bench loads a scenario: its request, its connections, its physical ceiling and what it
 * promises. Each scenario folder holds its own (`workload.ts`), typed by its variant names.
 */
export interface BenchConditions {
  readonly connections: number
  /** The upstream's default delay, in ms. */
  readonly upstreamDelayMs: number
  /** Connections in the API's database pool (DB_POOL_SIZE, set by the bench). */
  readonly dbPoolSize: number
}

export interface Workload<V extends string = string> {
  /** Concurrent connections for this scenario, when the run's default does not suit it. */
  readonly connections?: number
  /**
   * Load this scenario at a fixed arrival rate (req/s) instead of a closed loop of connections, so
   * every variant gets the same requests whatever it answers (bench/open-load.ts); its req/s then
   * counts 2xx replies only. For work that a variant can defer: a closed loop rewards answering
   * "later" quickly with ever more requests.
   */
  readonly offeredRps?: number
  /**
   * Runs the API with LOGGING_DESTINATION at a FIFO that a slow reader (src/exhibits/log-sink) drains at
   * this pace while this scenario is measured.
   */
  readonly logSink?: Pace
  /**
   * A counter the variant reports in its JSON reply (e.g. log lines dropped), read before and after
   * each measured run with a GET of `path(variantPath)`; the row shows what the run added.
   */
  readonly counterAfterRun?: { readonly name: string; path(variantPath: string): string }
  /**
   * Shortest measured run for this scenario: a naive variant whose requests take seconds completes
   * none in a quick run's 3 s, and a row with no request is a failed row.
   */
  readonly minDurationSec?: number
  /** Upstream delay this scenario asks for (in its requests), when the run's default does not suit it. */
  readonly upstreamDelayMs?: number
  /** The request autocannon repeats against a variant's path. */
  request(
    path: string,
    conditions: BenchConditions,
  ): {
    method: 'GET' | 'POST'
    path: string
    body?: string
    headers?: Record<string, string>
  }
  /**
   * The physical limit of a variant, in req/s, or null where none applies. For I/O-bound work it
   * is Little's law: how many calls can wait at once ÷ how long each waits.
   */
  ceilingRps(conditions: BenchConditions, variant: NoInfer<V>): number | null
  /** One line for the report: where the ceiling comes from. */
  readonly ceilingNote?: string
  /** What the scenario promises, checked against every full run (see bench/README.md). */
  readonly targets?: readonly Target<NoInfer<V>>[]
  /**
   * Set when a 2xx of one variant is not the same work as a 2xx of another, so their req/s must not
   * be read as a speed-up (the bench reports none): why, in a few words.
   */
  readonly notASpeedup?: string
  /** Variants whose 503 + Retry-After replies are their lesson (load shedding), not failures. */
  readonly shedsLoad?: readonly NoInfer<V>[]
  /** Measure each variant's p99 with one connection first, to compare the loaded p99 with. */
  readonly probeUnloaded?: boolean
  /** Variants that feed the report queue: the bench then times the workers draining it. */
  readonly drainsQueue?: readonly NoInfer<V>[]
  /**
   * The highest offered rate of the load curves (`--sweep`), when the ladder's top (4,000 req/s)
   * would only pile up work that outlives the run.
   */
  readonly maxSweepRps?: number
  /** For a scenario that pages: how to ask for a given page (the volume study times pages with it). */
  readonly paging?: Paging
  /** A variant run again in an API started with extra environment (e.g. UV_THREADPOOL_SIZE). */
  readonly extraRuns?: readonly ExtraRun<NoInfer<V>>[]
  /** What `npm run doctor` says of each variant: the labelled check (bench/doctor/check.ts) holds it to this. */
  readonly doctor: DoctorExpectation<V>
  /** Which blind-spot lint rules flag each variant: the labelled check (scripts/lint-check.ts) holds it to this. */
  readonly lint: LintExpectation<V>
}

/**
 * A rule of the project's plugin (lint/plugin.js), or the ecosystem's rule for a forgotten await.
 * Named by string, not typed from the plugin: src/ is what `npm run build` compiles, and lint/ is
 * a dev tool outside it. A misspelt rule fails `npm run lint:check` (it never reports).
 */
export type LintRule = `blindspots/${string}` | '@typescript-eslint/no-floating-promises'

export interface LintExpectation<V extends string = string> {
  /** The rules that flag each variant's code (its file and the room's files it imports); none for a fix. */
  readonly expect: { readonly [K in V]: readonly LintRule[] }
  /** Why, where a naive variant has no rule (what only load shows) or a fix is flagged. */
  readonly why?: string
}

/** The doctor's verdicts (bench/doctor/diagnose.ts). */
export type DoctorVerdict =
  | 'loop-blocked'
  | 'serialised'
  | 'pool-limited'
  | 'unbounded-queue'
  | 'cpu-saturated'
  | 'sequential-awaits'
  | 'healthy'
  | 'unknown'

export interface DoctorExpectation<V extends string = string> {
  /**
   * Each variant's verdict, as the doctor sees it from outside on the check's settings; two where
   * the variant sits at a limit the machine decides, three where a blind spot the doctor cannot
   * read (memory) shows only through its costs (say why in `why`).
   */
  readonly expect: {
    readonly [K in V]:
      DoctorVerdict | readonly [DoctorVerdict, DoctorVerdict] | readonly [DoctorVerdict, DoctorVerdict, DoctorVerdict]
  }
  /** Why, where the verdict is not the blind spot's own name (it cannot be seen from outside, say). */
  readonly why?: string
  /**
   * What one of the route's calls costs, ms, as its user would tell the doctor (`--expect-ms`): the
   * latency blind spot, calls awaited in turn, shows only against it.
   */
  expectMs?(conditions: BenchConditions): number
  /** The request the doctor sends, where the bench's does not suit it (64 connections of 100,000-row exports). */
  request?(path: string, conditions: BenchConditions): ReturnType<Workload['request']>
}

export interface Paging {
  readonly pageSize: number
  /** Where the deep page the study times starts, in rows. */
  readonly deepOffset: number
  /** The request for the page that starts `offset` rows in, at a variant's path. */
  pageAt(path: string, offset: number): string
}

export interface ExtraRun<V extends string = string> {
  readonly variant: V
  /** The row's variant column, e.g. `threadpool (UV_THREADPOOL_SIZE=1)`. */
  readonly label: string
  readonly env: Readonly<Record<string, string>>
}

/** A claim the bench checks for one variant: each bound is optional. */
export interface Target<V extends string = string> {
  readonly variant: V
  /** At least this many times the req/s of `versus` (default: the scenario's first variant, as for every ratio). */
  readonly minSpeedup?: number
  readonly versus?: V
  /** At least this % of the variant's ceiling. */
  readonly minCeilingPct?: number
  /** A p50 latency of at most / at least this many upstream delays. */
  readonly maxP50InDelays?: number
  readonly minP50InDelays?: number
  /** A p99 of at most this many ms. */
  readonly maxP99Ms?: number
  /** The API's event-loop delay p99 over the run, at most this many ms. */
  readonly maxLoopDelayP99Ms?: number
  /** What the run added to the workload's `counterAfterRun`, at most this. */
  readonly maxCounterAfterRun?: number
  /** A p99 of at most this many times the variant's unloaded p99 (needs `probeUnloaded`). */
  readonly maxP99VsUnloaded?: number
  /**
   * The API process's CPU time per request at most this fraction of `versus`'s: for work taken
   * off the API (to Postgres, say), judged on what the mechanism changes rather than on req/s,
   * which also depends on how much of the machine the database and the load generator take.
   */
  readonly maxCpuRatio?: number
  /** The API's event-loop delay p99 at most this fraction of `versus`'s: the loop freed. */
  readonly maxLoopDelayRatio?: number
  /**
   * Cores the claims of this target need to hold: where the API, the load generator and the
   * database must each have one, fewer cores decide the figure, not the code. On a machine with
   * fewer, the claims are measured and shown but not judged (bench/README.md).
   */
  readonly needsCores?: number
}

/**
 * Keeps the variant names of a workload literal (`'pooled'`, not `string`), so the scenario that
 * takes it can check them against its own variants at compile time. They are read from
 * `doctor.expect`, which must name every variant; every other field is checked against them.
 */
export function defineWorkload<const V extends string = never>(workload: Workload<V>): Workload<V> {
  return workload
}
