/**
 * GET /orders/:id: one order, the shape of a plain resource route in this service. The id is
 * validated by its schema (a 400 that says why), the query waits for a pool connection within a
 * bound (app.dbGate: a 503, never an unbounded queue), a missing order is the catalogue's 404, and
 * the reply is serialised from the same schema that documents it at /docs.
 */
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { orderColumns, orderRow } from '../db/orders-rows.js'
import { orders } from '../db/schema.js'
import { OrderNotFoundError, errorReplySchema } from '../errors.js'

export default async function orderRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  app.get(
    '/orders/:id',
    {
      schema: {
        params: z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
        response: { 200: orderRow, '4xx': errorReplySchema, '5xx': errorReplySchema },
      },
    },
    async (request) => {
      const [order] = await app.dbGate.run(() =>
        app.db.select(orderColumns).from(orders).where(eq(orders.id, request.params.id)),
      )
      if (!order) throw new OrderNotFoundError(request.params.id)
      return order
    },
  )
}
