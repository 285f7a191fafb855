/**
 * The query every database variant runs: one customer's order count and total, holding its
 * connection for `latencyMs` inside Postgres (simulated_latency(), see migrations/exhibits), so the
 * cost of serialising is real server time and the ceilings are known. Built by drizzle once, run
 * by each variant its own way.
 */
import { eq, sql, type Placeholder } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import type { Database } from '../../../plugins/db.js'
import type { SqlStatement } from '../../scenario-kit/sync-calls/sync-sql.js'

type Value = number | Placeholder

function customerSummaryQuery(db: Database, customerId: Value, latencyMs: Value) {
  return db
    .select({
      customerId: sql<number>`${customerId}::int`,
      orders: sql<number>`count(*)::int`,
      totalCents: sql<number>`coalesce(sum(${orders.totalCents}), 0)::int`,
      simulatedLatencyMs: sql<number>`simulated_latency(${latencyMs})`,
    })
    .from(orders)
    .where(eq(orders.customerId, customerId))
}

/** Prepared, so Postgres parses and plans it once per connection. */
export function prepareCustomerSummary(db: Database) {
  return customerSummaryQuery(db, sql.placeholder('customerId'), sql.placeholder('latencyMs')).prepare(
    'customer_summary',
  )
}

/** The same statement as text and parameters, for a driver that is not drizzle's. */
export function customerSummaryStatement(
  db: Database,
  { customerId, latencyMs }: { customerId: number; latencyMs: number },
): SqlStatement {
  const { sql: text, params } = customerSummaryQuery(db, customerId, latencyMs).toSQL()
  return { text, params, fields: ['customerId', 'orders', 'totalCents', 'simulatedLatencyMs'] }
}
