/** A piece of infrastructure we either found (stop does nothing) or started (stop ends it). */
export interface Provided {
  readonly url: string
  /** Where it came from, for the start-up log line. */
  readonly source: string
  stop(): Promise<void>
}
