/**
 * EXERCISE: a copy of `buffered.ts`, the mistake, for you to fix. The goal: stream the export, so
 * that memory stays flat while clients read slowly, and a client that hangs up leaks nothing. Keep
 * the contract (the same status and body for the same request). Check it:
 * `npm run verify -- export` runs the claims of `streamed` (the model answer, `streamed.ts`)
 * against this file and benches it between the two. Try it by hand: `WORKSHOP=true npm run demo`,
 * then the scenario's path + `/exercise`. The lesson (README.md in this folder) explains why.
 */
import { asc } from 'drizzle-orm'
import { orders } from '../../../db/schema.js'
import { orderColumns } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import { formats, toBytes } from '../../../db/order-formats.js'
import type { exportSchema } from './contract.js'

export const exercise: Variant<typeof exportSchema> = {
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
