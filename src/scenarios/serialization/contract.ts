/**
 * What every serialization variant must do: answer the first `limit` orders (up to all 100,000 of
 * them) as one JSON document. By default the rows come from a snapshot loaded once per app, so the
 * variants differ in one thing only, how the reply is turned into JSON; a query per request would
 * bury that difference under the database's own cost (measured here: all three at ~180 req/s for
 * 1,000 rows straight from Postgres). `source=database` queries per request instead: the bench's
 * volume table uses it to time the whole job, as the article's figures do.
 */
import { asc } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { SEED_ORDERS } from '../../db/seed.js'
import { orders } from '../../db/schema.js'
import { errorReplySchema } from '../../errors.js'
import { orderColumns, orderRow, type OrderRow } from '../orders-rows.js'

export const orderListReply = z.object({ orders: z.array(orderRow) })

export const orderListSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(100),
    source: z.enum(['snapshot', 'database']).default('snapshot'),
  }),
  response: { 200: orderListReply, '4xx': errorReplySchema, '5xx': errorReplySchema },
}

const snapshots = new WeakMap<object, Promise<OrderRow[]>>()

const queryOrders = (app: FastifyInstance, limit?: number) =>
  app.dbGate.run(() => {
    const query = app.db.select(orderColumns).from(orders).orderBy(asc(orders.id))
    return limit === undefined ? query : query.limit(limit)
  })

/**
 * The first `limit` orders, from the app's snapshot (loaded on first use and shared by the
 * variants) or, with `source: 'database'`, from a query of their own.
 */
export async function firstOrders(
  app: FastifyInstance,
  { limit, source }: { limit: number; source: 'snapshot' | 'database' },
): Promise<OrderRow[]> {
  if (source === 'database') return queryOrders(app, limit)
  let snapshot = snapshots.get(app.db)
  if (!snapshot) {
    snapshot = queryOrders(app)
    snapshots.set(app.db, snapshot)
  }
  return (await snapshot).slice(0, limit)
}

/**
 * Sends JSON text made by the handler itself. Fastify sends a string payload as is, without its
 * serializer, which is what the naive variants need to show their own way of serialising.
 */
export function sendJsonText(reply: Pick<FastifyReply, 'type'>, json: string) {
  return (reply as FastifyReply).type('application/json; charset=utf-8').send(json)
}
