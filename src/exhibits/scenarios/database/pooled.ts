/**
 * THE FIX: drizzle over the app's postgres.js pool (DB_POOL_SIZE connections), a prepared
 * statement, and a bounded wait for a free connection (db/connection-gate.ts): P queries run at
 * once, the rest wait their turn for at most DB_ACQUIRE_TIMEOUT_MS, then get a fast 503.
 * Bench: with a query of latency L, req/s near P ÷ L, event-loop delay near zero.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { databaseSchema } from './contract.js'
import { prepareCustomerSummary } from './customer-summary.js'

export const pooled: Variant<typeof databaseSchema> = {
  role: 'optimized',
  summary: 'drizzle over a postgres.js pool, prepared statement, bounded wait for a connection',
  createHandler: (app) => {
    const customerSummary = prepareCustomerSummary(app.db)
    return async (request) => {
      const [row] = await app.dbGate.run(() => customerSummary.execute(request.query))
      return row!
    }
  },
}
