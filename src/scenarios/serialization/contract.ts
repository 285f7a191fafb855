/**
 * What every serialization variant must do: answer the first `limit` orders (up to all 100,000 of
 * them) as one JSON document. The query is the same; how the reply is turned into JSON differs.
 */
import { asc } from 'drizzle-orm'
import type { FastifyReply } from 'fastify'
import { z } from 'zod'
import { SEED_ORDERS } from '../../db/seed.js'
import { orders } from '../../db/schema.js'
import { errorReplySchema } from '../../errors.js'
import type { Database } from '../../plugins/db.js'
import { orderColumns, orderRow } from '../orders-rows.js'

export const orderListReply = z.object({ orders: z.array(orderRow) })

export const orderListSchema = {
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(100) }),
  response: { 200: orderListReply, '4xx': errorReplySchema, '5xx': errorReplySchema },
}

export function firstOrders(db: Database, limit: number) {
  return db.select(orderColumns).from(orders).orderBy(asc(orders.id)).limit(limit)
}

/**
 * Sends JSON text made by the handler itself. Fastify sends a string payload as is, without its
 * serializer, which is what the naive variants need to show their own way of serialising.
 */
export function sendJsonText(reply: Pick<FastifyReply, 'type'>, json: string) {
  return (reply as FastifyReply).type('application/json; charset=utf-8').send(json)
}
