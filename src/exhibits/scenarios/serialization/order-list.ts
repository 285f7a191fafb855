/** Where the serialization variants get their rows, and how the naive ones send their own JSON text. */
import { asc } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { orderColumns, type OrderRow } from '../../../db/orders-rows.js'
import { orders } from '../../../db/schema.js'

/** The first `limit` orders, queried for this request, as row objects. */
export function firstOrders(app: FastifyInstance, limit: number): Promise<OrderRow[]> {
  return app.dbGate.run(() => app.db.select(orderColumns).from(orders).orderBy(asc(orders.id)).limit(limit))
}

/**
 * Sends JSON text made by the handler itself. Fastify sends a string or a Buffer payload as is,
 * without its serializer, which is what the variants that make their own JSON need.
 */
export function sendJsonText(reply: Pick<FastifyReply, 'type'>, json: string | Buffer) {
  return (reply as FastifyReply).type('application/json; charset=utf-8').send(json)
}
