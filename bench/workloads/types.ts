/** What the bench needs to know about a scenario beyond what the registry says. */
export interface BenchConditions {
  readonly connections: number
  /** The upstream's default delay, in ms. */
  readonly upstreamDelayMs: number
  /** Connections in the API's database pool (DB_POOL_SIZE, set by the bench). */
  readonly dbPoolSize: number
}

export interface Workload {
  /** Concurrent connections for this scenario, when the run's default does not suit it. */
  readonly connections?: number
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
    /** Send an Idempotency-Key from a pool of this many, in turn (new keys for every load). */
    idempotencyKeys?: number
  }
  /**
   * The physical limit of a variant, in req/s, or null where none applies. For I/O-bound work it
   * is Little's law: how many calls can wait at once ÷ how long each waits.
   */
  ceilingRps(conditions: BenchConditions, variant: string): number | null
  /** One line for the report: where the ceiling comes from. */
  readonly ceilingNote?: string
  /** What the scenario promises, checked against every full run (see bench/README.md). */
  readonly targets?: readonly Target[]
  /** Variants whose 503 + Retry-After replies are their lesson (load shedding), not failures. */
  readonly shedsLoad?: readonly string[]
  /** Measure each variant's p99 with one connection first, to compare the loaded p99 with. */
  readonly probeUnloaded?: boolean
  /** Variants that feed the report queue: the bench then times the workers draining it. */
  readonly drainsQueue?: readonly string[]
  /** A variant run again in an API started with extra environment (e.g. UV_THREADPOOL_SIZE). */
  readonly extraRuns?: readonly ExtraRun[]
}

export interface ExtraRun {
  readonly variant: string
  /** The row's variant column, e.g. `threadpool (UV_THREADPOOL_SIZE=1)`. */
  readonly label: string
  readonly env: Readonly<Record<string, string>>
}

/** A claim the bench checks for one variant: each bound is optional. */
export interface Target {
  readonly variant: string
  /** At least this many times the req/s of `versus` (default: the scenario's first variant). */
  readonly minSpeedup?: number
  readonly versus?: string
  /** At least this % of the variant's ceiling. */
  readonly minCeilingPct?: number
  /** A p50 latency of at most / at least this many upstream delays. */
  readonly maxP50InDelays?: number
  readonly minP50InDelays?: number
  /** A p99 of at most this many ms. */
  readonly maxP99Ms?: number
  /** A p99 of at most this many times the variant's unloaded p99 (needs `probeUnloaded`). */
  readonly maxP99VsUnloaded?: number
}
