/**
 * THE FASTEST: let Postgres write the JSON. One query returns the whole document as one text
 * value, built in C next to the data; Node neither parses 1,000 rows into objects nor walks them
 * again to serialise, it passes the bytes through (`.raw()`: a Buffer, not even decoded to a
 * string; `limit` is an integer within range, the route's schema says so). Its shape is the
 * response schema's, byte for byte (db/orders-rows.ts `orderListDocumentSql`,
 * pinned by a test against the compiled variant), and like the compiled schema it writes only the
 * columns it names, so a new column does not leak. What it costs: the JSON's shape now lives in
 * SQL, and Fastify's serializer no longer checks it, only the test does.
 * Bench: the least API CPU per reply of the five. Whether that buys req/s depends on the cores
 * Postgres finds free, since it now does the work: on 2 shared cores it has measured well ahead of
 * JSON.stringify on one machine and behind it on another (docs/results.md). postgres-csv.ts gives
 * Postgres less to do.
 */
import { orderListDocumentSql } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { orderListSchema } from './contract.js'
import { sendJsonText } from './order-list.js'

export const postgresJson: Variant<typeof orderListSchema> = {
  role: 'optimized',
  summary: 'Postgres builds the whole JSON document; Node passes its bytes through',
  createHandler: (app) => async (request, reply) => {
    const [row] = await app.dbGate.run(() => app.sql.unsafe(orderListDocumentSql(request.query.limit)).raw())
    return sendJsonText(reply, row![0] as Buffer)
  },
}
