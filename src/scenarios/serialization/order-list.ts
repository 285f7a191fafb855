/** Where the serialization variants get their rows, and how the naive ones send their own JSON text. */
import { asc } from 'drizzle-orm'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { orderColumns, type OrderRow } from '../../db/orders-rows.js'
import { orders } from '../../db/schema.js'

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
