/**
 * What every database variant must do, identically: one customer's order count and total, from a
 * query that also holds its connection for `latencyMs` inside Postgres (simulated_latency(), see
 * migrations/0002), so the cost of serialising is real server time and the ceilings are known.
 */
import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import { SEED_CUSTOMERS } from '../../db/seed.js'
import { orders } from '../../db/schema.js'
import type { Database } from '../../plugins/db.js'
import { errorReplySchema } from '../../errors.js'

export const DEFAULT_LATENCY_MS = 20

export const databaseSchema = {
  querystring: z.object({
    customerId: z.coerce.number().int().min(1).max(SEED_CUSTOMERS),
    latencyMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000)
      .default(DEFAULT_LATENCY_MS)
      .describe('simulated server time of the query, in ms'),
  }),
  response: {
    200: z.object({
      customerId: z.number().int(),
      orders: z.number().int(),
      totalCents: z.number().int(),
      simulatedLatencyMs: z.number().int(),
    }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export type CustomerSummary = z.infer<(typeof databaseSchema.response)[200]>

/**
 * The query, as drizzle builds it; prepared, so Postgres parses and plans it once per connection.
 * The blocking variant's worker sends the same statement as raw SQL (sync-calls/db-worker.mjs).
 */
export function prepareCustomerSummary(db: Database) {
  return db
    .select({
      customerId: sql<number>`${sql.placeholder('customerId')}::int`,
      orders: sql<number>`count(*)::int`,
      totalCents: sql<number>`coalesce(sum(${orders.totalCents}), 0)::int`,
      simulatedLatencyMs: sql<number>`simulated_latency(${sql.placeholder('latencyMs')})`,
    })
    .from(orders)
    .where(eq(orders.customerId, sql.placeholder('customerId')))
    .prepare('customer_summary')
}

export type CustomerSummaryQuery = ReturnType<typeof prepareCustomerSummary>
