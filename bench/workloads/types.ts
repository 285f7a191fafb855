/** What the bench needs to know about a scenario beyond what the registry says. */
export interface BenchConditions {
  readonly connections: number
  readonly upstreamDelayMs: number
}

export interface Workload {
  /** The request autocannon repeats against a variant's path. */
  request(path: string): { method: 'GET' | 'POST'; path: string; body?: string; headers?: Record<string, string> }
  /**
   * The physical limit of the pair, in req/s, or null where none applies. For I/O-bound work it
   * is Little's law: concurrency ÷ latency of the thing waited on.
   */
  ceilingRps(conditions: BenchConditions): number | null
  /** One line for the report: where the ceiling comes from. */
  readonly ceilingNote?: string
  /** What the scenario promises, checked against every full run (see bench/README.md). */
  readonly targets?: readonly Target[]
}

/** A claim the bench checks for one variant: each bound is optional. */
export interface Target {
  readonly variant: string
  /** At least this many times the baseline's req/s. */
  readonly minSpeedup?: number
  /** At least this % of the ceiling. */
  readonly minCeilingPct?: number
}
