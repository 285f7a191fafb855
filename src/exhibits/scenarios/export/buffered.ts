/**
 * THE MISTAKE: load every row, build the whole body, then send it. Memory grows with the export
 * (100,000 row objects, then the text), the client sees nothing until the last row is in, and
 * building the body is one long stretch on the event loop.
 * Bench: time to first byte ≈ time to last byte; peak RSS grows by tens of MB per export in flight.
 */
import { asc } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import { orderColumns } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { formats, toBytes } from '../../../db/order-formats.js'
import type { exportSchema } from './contract.js'

export const buffered: Variant<typeof exportSchema> = {
  role: 'naive',
  summary: 'all rows loaded, the whole body built in memory, then sent',
  createHandler: (app) => async (request, reply) => {
    const format = formats[request.query.format]
    const rows = await app.dbGate.run(() =>
      app.db.select(orderColumns).from(orders).orderBy(asc(orders.id)).limit(request.query.limit),
    )
    return reply.type(format.contentType).send(toBytes(format, rows, { withHeader: true }))
  },
}
