/**
 * THE MISTAKE: a synchronous database call inside the handler, the Node twin of a sync driver
 * (psycopg2, a sync ORM session) inside `async def`. A worker thread runs the query while the main
 * thread sleeps in Atomics.wait (scenario-kit/sync-calls), so until Postgres answers the event
 * loop serves nothing at all.
 * Bench: req/s ≈ 1 ÷ L, p50 ≈ connections × L, event-loop delay ≈ L and more.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { openSyncSql } from '../../scenario-kit/sync-calls/sync-sql.js'
import type { CustomerSummary, databaseSchema } from './contract.js'
import { customerSummaryStatement } from './customer-summary.js'

export const blocking: Variant<typeof databaseSchema> = {
  role: 'naive',
  summary: 'synchronous query: the event loop waits until Postgres answers',
  createHandler: (app) => {
    const syncSql = openSyncSql(app.config.databaseUrl, app.config.dbStatementTimeoutMs)
    app.addHook('onClose', () => syncSql.close())

    // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
    return async (request) => syncSql.query<CustomerSummary>(customerSummaryStatement(app.db, request.query))[0]!
  },
}
