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
 * postgres.js (https://github.com/drizzle-team/drizzle-orm/issues/456). Do not open it inside `sql.begin` on
 * the same transaction
 * (https://github.com/porsager/postgres/issues/1054).
 */
export function orderRowsCursor(client: Sql, limit: number, batch: number): AsyncIterable<OrderRow[]> {
  return client<OrderRow[]>`
    select id, customer_id as "customerId", status, total_cents as "totalCents", created_at::text as "createdAt"
    from orders order by id limit ${limit}`.cursor(batch)
}

/**
 * SQL for one order as JSON text, byte for byte what the compiled `orderRow` stringifier writes
 * (keys in its order, no spaces), over a relation with the columns `id, customer_id, status,
 * total_cents` and `created_at` already as text: for the routes that let Postgres write the JSON.
 * `concat` beat `row_to_json` and `json_build_object` (whose spacing differs anyway); `to_json`
 * quotes the free text, and a timestamp's text form holds no character JSON must escape.
 */
export const orderJsonSql = `concat('{"id":', id, ',"customerId":', customer_id, ',"status":', to_json(status),
  ',"totalCents":', total_cents, ',"createdAt":"', created_at, '"}')`

/**
 * `COPY` of the first `limit` orders as Postgres' CSV, no header: COPY takes no bind parameters,
 * so `limit` must be a validated integer.
 */
export const firstOrdersCopySql = (limit: number) => `copy (${firstOrdersSql(limit)}) to stdout with (format csv)`

/**
 * `COPY` of the first `limit` orders in Postgres' binary format: the same rows and columns as
 * `firstOrdersCopySql`, `created_at` as its timestamptz value (its reader writes the text);
 * `limit` must be a validated integer.
 */
export const firstOrdersBinaryCopySql = (limit: number) =>
  `copy (${firstOrders(limit, 'created_at')}) to stdout with (format binary)`

/** The first `limit` orders with the columns `orderJsonSql` reads; `limit` must be a validated integer. */
export const firstOrdersSql = (limit: number) => firstOrders(limit, 'created_at::text as created_at')

/** The first `limit` orders by id, `createdAt` the last column's expression. */
function firstOrders(limit: number, createdAt: string): string {
  return `select id, customer_id, status, total_cents, ${createdAt} from orders order by id limit ${Math.trunc(limit)}`
}

/**
 * SQL for the first `limit` orders as one JSON document, `{"orders":[…]}`, built by Postgres from
 * `orderJsonSql`; `limit` must be a validated integer.
 */
export const orderListDocumentSql = (limit: number) =>
  `select concat('{"orders":[', string_agg(${orderJsonSql}, ',' order by id), ']}') from (${firstOrdersSql(limit)}) o`
