/**
 * THE FASTEST HERE: each side does what it does cheapest. Postgres sends the rows as CSV through
 * `COPY … TO STDOUT`, its cheapest output (a JSON text per row costs a backend several times the
 * bare rows: 2.2–2.4 ms against 0.25 ms for 1,000, pgbench, one client, Postgres 15); Node rewrites
 * those bytes into the same JSON, byte for byte,
 * in one pass over a buffer, with no row object and no JS string (db/order-csv-to-ndjson.ts, the
 * NDJSON export's rewriter: its lines joined by commas are the array). The shape lives in that
 * rewriter, checked against the compiled schema's bytes by this scenario's test.
 * COPY cannot share a pooled connection (db/copy-out.ts), so it runs on a few of its own, each also
 * holding a slot of the app's gate. A 1,000-row document (about 100 KB) is read whole before it is
 * sent, so a COPY that fails half-way is a 5xx, never a truncated 200.
 * Bench: the most req/s of the five, with the API's CPU per reply near postgres-json's.
 */
import { firstOrdersCopySql } from '../../../db/orders-rows.js'
import { routeCopyOut } from '../../db/copy-out.js'
import { OrderCsvToNdjson } from '../../db/order-csv-to-ndjson.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { orderListSchema } from './contract.js'
import { sendJsonText } from './order-list.js'

/** COPY connections at once; more requests wait for one (or get a 503, as the pool's do). */
export const COPY_CONNECTIONS = 4

const OPEN = Buffer.from('{"orders":[')
const CLOSE = Buffer.from(']}')
const LF = 0x0a
const COMMA = 0x2c

/**
 * `{"orders":[…]}` from NDJSON lines: each line's LF becomes the comma before the next order, and
 * the last one goes. JSON escapes every control character inside a string, so an LF ends a line.
 */
export function ordersDocument(lines: Buffer[]): Buffer {
  const doc = Buffer.concat([OPEN, ...lines, CLOSE])
  if (doc.length === OPEN.length + CLOSE.length) return doc
  for (let lf = doc.indexOf(LF, OPEN.length); lf !== -1; lf = doc.indexOf(LF, lf + 1)) doc[lf] = COMMA
  CLOSE.copy(doc, doc.length - CLOSE.length - 1)
  return doc.subarray(0, doc.length - 1)
}

export const postgresCsv: Variant<typeof orderListSchema> = {
  role: 'optimized',
  summary: 'Postgres sends CSV (COPY), its cheapest output; Node rewrites the bytes as the JSON document',
  createHandler: (app) => {
    const copyOut = routeCopyOut(app, COPY_CONNECTIONS)
    return async (request, reply) => {
      const csv = firstOrdersCopySql(request.query.limit)
      const lines = await copyOut.open(csv, () => new OrderCsvToNdjson())
      return sendJsonText(reply, ordersDocument((await lines.toArray()) as Buffer[]))
    }
  },
}
