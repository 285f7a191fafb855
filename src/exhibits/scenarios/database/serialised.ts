/**
 * THE MISTAKE, async edition: the driver is async, but every query goes through one
 * "repository" singleton that owns a single connection and guards it with a lock, "to be safe".
 * The event loop stays free, yet queries run one at a time: the article's "singleton with a lock
 * makes coroutines run one at a time". (A bare pool of 1 would not show it: postgres.js pipelines
 * queries on one connection; it is the lock around the whole call that serialises.)
 * Bench: req/s ≈ 1 ÷ L whatever the concurrency, p50 ≈ connections × L, event-loop delay low.
 */
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from '../../../db/schema.js'
import { Mutex } from '../../scenario-kit/mutex.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { databaseSchema } from './contract.js'
import { prepareCustomerSummary } from './customer-summary.js'

export const serialised: Variant<typeof databaseSchema> = {
  role: 'naive',
  summary: 'async driver, but one connection behind a mutex-guarded singleton',
  createHandler: (app) => {
    const connection = postgres(app.config.databaseUrl, { max: 1, onnotice: () => {} })
    const customerSummary = prepareCustomerSummary(drizzle(connection, { schema, casing: 'snake_case' }))
    const lock = new Mutex()
    app.addHook('onClose', () => connection.end({ timeout: 5 }))

    return async (request) => {
      // eslint-disable-next-line blindspots/no-shared-lock -- the blind spot
      const [row] = await lock.runExclusive(() => customerSummary.execute(request.query))
      return row!
    }
  },
}
