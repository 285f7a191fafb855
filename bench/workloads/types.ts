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
}
