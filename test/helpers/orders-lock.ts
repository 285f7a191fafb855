/**
 * A way to hold a report job inside its worker: a lock on `orders` that the report's query waits
 * on, so "the worker holds this job" is a state the test creates and sees (in pg_stat_activity),
 * not a race against a job that may finish first.
 */
import postgres, { type ReservedSql, type Sql } from 'postgres'
import { inject } from 'vitest'
import { waitFor } from './wait.js'

/** Holds `orders` locked until released: a report's query waits, and its job stays active. */
export class OrdersLock {
  readonly #sql: Sql = postgres(inject('databaseUrl'), { max: 2, onnotice: () => {} })
  #held: ReservedSql | undefined

  async take(): Promise<void> {
    this.#held = await this.#sql.reserve()
    await this.#held`begin`
    await this.#held`lock table orders in access exclusive mode`
  }

  async release(): Promise<void> {
    if (!this.#held) return
    await this.#held`rollback`
    this.#held.release()
    this.#held = undefined
  }

  /** Connections of `application` (the worker's by default) whose query waits on a lock. */
  async waiting(application = 'blindspots-worker'): Promise<number> {
    const [row] = await this.#sql<[{ n: number }]>`
      select count(*)::int as n from pg_stat_activity
      where application_name = ${application} and wait_event_type = 'Lock'`
    return row.n
  }

  /** Waits until `count` queries of `application` wait on the lock. */
  async untilWaiting(count: number, application?: string): Promise<void> {
    await waitFor(`${count} queries waiting on the lock`, async () => (await this.waiting(application)) >= count, {
      timeoutMs: 30_000,
    })
  }

  /**
   * Ends the backends of killed workers: a backend waiting on a lock does not notice that its
   * client has died, and would hold its place in the lock queue. Returns once they are gone:
   * pg_terminate_backend only signals, and a backend still dying would count for the next
   * worker's query in `untilWaiting` (a busy machine took long enough for a test to kill that
   * worker before it had taken its job).
   */
  async endOrphans(): Promise<void> {
    await this.#sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = 'blindspots-worker' and wait_event_type = 'Lock'`
    await waitFor('the killed workers’ backends gone', async () => (await this.waiting()) === 0, { timeoutMs: 30_000 })
  }

  async close(): Promise<void> {
    await this.release()
    await this.#sql.end({ timeout: 5 })
  }
}
