/**
 * The order rows the volume scenarios return, selected the same way by every variant so that only
 * what the variant teaches differs. `createdAt` comes back as Postgres' text, so no variant pays
 * for Date objects the others do not.
 */
import { sql } from 'drizzle-orm'
import type { Sql } from 'postgres'
import { z } from 'zod'
import { orders } from './schema.js'

export const orderRow = z.object({
  id: z.number().int(),
  customerId: z.number().int(),
  status: z.string(),
  totalCents: z.number().int(),
  createdAt: z.string(),
})
export type OrderRow = z.infer<typeof orderRow>

export const orderColumns = {
  id: orders.id,
  customerId: orders.customerId,
  status: orders.status,
  totalCents: orders.totalCents,
  createdAt: sql<string>`${orders.createdAt}::text`,
}

/**
 * The first `limit` orders by id, as `OrderRow`s, `batch` rows per round trip: the same rows as
 * `orderColumns`, through a postgres.js cursor, since drizzle has no streaming iterator for
 * postgres.js (https://github.com/drizzle-team/drizzle-orm/issues/456). Do not open it inside `sql.begin` on the same transaction
 * (https://github.com/porsager/postgres/issues/1054).
 */
export function orderRowsCursor(client: Sql, limit: number, batch: number): AsyncIterable<OrderRow[]> {
  return client<OrderRow[]>`
    select id, customer_id as "customerId", status, total_cents as "totalCents", created_at::text as "createdAt"
    from orders order by id limit ${limit}`.cursor(batch)
}
