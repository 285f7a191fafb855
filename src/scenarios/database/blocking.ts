/**
 * THE MISTAKE: a synchronous database call inside the handler, the Node twin of a sync driver
 * (psycopg2, a sync ORM session) inside `async def`. A worker thread runs the query while the main
 * thread sleeps in Atomics.wait (sync-calls/sync-call.ts), so until Postgres answers the event loop
 * serves nothing at all.
 * Bench: req/s ≈ 1 ÷ L, p50 ≈ connections × L, event-loop delay ≈ L and more.
 */
import type { Variant } from '../scenario.js'
import { createSyncCaller } from '../sync-calls/sync-call.js'
import type { CustomerSummary, databaseSchema } from './contract.js'

export const blocking: Variant<typeof databaseSchema> = {
  name: 'blocking',
  role: 'naive',
  summary: 'synchronous query: the event loop waits until Postgres answers',
  createHandler: (app) => {
    const { databaseUrl, dbStatementTimeoutMs } = app.config
    const db = createSyncCaller<{ customerId: number; latencyMs: number }, CustomerSummary>(
      new URL('../sync-calls/db-worker.mjs', import.meta.url),
      { url: databaseUrl, statementTimeoutMs: dbStatementTimeoutMs },
      // statement_timeout fires first; the extra second only guards against a dead worker.
      dbStatementTimeoutMs + 1_000,
    )
    app.addHook('onClose', () => db.close())

    return async (request) => db.call(request.query)
  },
}
