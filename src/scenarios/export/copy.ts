/**
 * THE NEXT STEP: let the database format it. `COPY (SELECT …) TO STDOUT` makes Postgres write the
 * CSV (or the NDJSON lines) itself, in C, and send it as one stream; Node only moves bytes from
 * one socket to another, with backpressure all the way (a slow client pauses the Postgres socket,
 * which pauses the backend). No row objects, no JSON or CSV built in JavaScript.
 * The streamed variant already holds memory flat; this one also takes the formatting off the event
 * loop, so an export runs near Postgres' own rate. How COPY is read safely through postgres.js
 * (dedicated connections, `for await`, two of its bugs worked around) is in db/copy-out.ts.
 * Same bytes as the other variants: the CSV quoting is Postgres' (order-formats.ts follows it),
 * and each NDJSON line is built by concatenation with `to_json` quoting the text columns.
 * Bench: the volume table's export rows, as a % of COPY read with nothing else to do.
 */
import { CopyOut } from '../../db/copy-out.js'
import { ConnectionGate } from '../../db/connection-gate.js'
import { formats, type ExportFormat } from '../../db/order-formats.js'
import { firstOrdersSql, orderJsonSql } from '../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { exportSchema } from './contract.js'

/** COPY connections at once: a second export need not wait for the first; the rest queue (or 503). */
export const COPY_CONNECTIONS = 2

/**
 * COPY takes no bind parameters: the statements are built from constants and `limit`, which the
 * route's schema has already made an integer within range.
 */
const copyStatements: Record<ExportFormat, (limit: number) => string> = {
  // Postgres' CSV, its header line naming the same columns as order-formats.ts.
  csv: (limit) => `copy (${firstOrdersSql(limit)}) to stdout with (format csv, header)`,
  // One JSON object per line (db/orders-rows.ts). CSV format, with a quote and a delimiter no JSON
  // text contains (JSON escapes every control character), writes each line as is; text format
  // would double every backslash of the JSON's own escapes.
  ndjson: (limit) =>
    `copy (select ${orderJsonSql} from (${firstOrdersSql(limit)}) o order by id)
     to stdout with (format csv, quote e'\\x01', delimiter e'\\x02')`,
}

export const copy: Variant<typeof exportSchema> = {
  role: 'optimized',
  summary: 'Postgres formats the rows (COPY … TO STDOUT), streamed to the socket with backpressure',
  createHandler: (app) => {
    const copyOut = new CopyOut({
      url: app.config.databaseUrl,
      copyGate: new ConnectionGate(COPY_CONNECTIONS, app.config.dbAcquireTimeoutMs),
      poolGate: app.dbGate,
    })
    app.addHook('onClose', () => copyOut.close())
    return async (request, reply) => {
      const body = await copyOut.open(copyStatements[request.query.format](request.query.limit))
      return reply.type(formats[request.query.format].contentType).send(body)
    }
  },
}
