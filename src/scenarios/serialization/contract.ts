/**
 * What every serialization variant must do: answer the first `limit` orders (up to all 100,000 of
 * them) as one JSON document. The rows come from a snapshot loaded once per app, so the variants
 * differ in one thing only, how the reply is turned into JSON; a query per request would bury
 * that difference under the database's own cost (measured here: all three at ~180 req/s for
 * 1,000 rows straight from Postgres).
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
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(100) }),
  response: { 200: orderListReply, '4xx': errorReplySchema, '5xx': errorReplySchema },
}

const snapshots = new WeakMap<object, Promise<OrderRow[]>>()

/** The first `limit` orders of the app's snapshot, loaded on first use and shared by the variants. */
export async function firstOrders(app: FastifyInstance, limit: number): Promise<OrderRow[]> {
  let snapshot = snapshots.get(app.db)
  if (!snapshot) {
    snapshot = app.dbGate.run(() => app.db.select(orderColumns).from(orders).orderBy(asc(orders.id)))
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
