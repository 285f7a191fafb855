/**
 * THE NEXT STEP: let the database format it. `COPY (SELECT …) TO STDOUT` makes Postgres write the
 * CSV itself, in C, and send it as one stream; Node moves the bytes from one socket to another
 * (NDJSON: rewriting each chunk on the way), with backpressure all the way (a slow client pauses the
 * Postgres socket, which pauses the backend). No row objects, no value formatted in JavaScript.
 * The streamed variant already holds memory flat; this one also takes most of the formatting off
 * the event loop, so an export runs near Postgres' own rate. Moving the bytes must then cost almost
 * nothing, and through the driver's COPY stream it did not (a chunk per row, 8 KB reads, a full
 * GC several times a second): db/copy-out.ts says how COPY is read safely and cheaply through
 * postgres.js (dedicated connections, rows joined per read, reused buffers, two of its bugs worked
 * around).
 * Same bytes as the other variants: the CSV quoting is Postgres' (order-formats.ts follows it),
 * and NDJSON is that CSV rewritten line by line as it streams, on the other core from Postgres.
 * Bench: the volume table's export rows, as a % of COPY read with nothing else to do.
 */
import type { Readable } from 'node:stream'
import { routeCopyOut, type CopyOut } from '../../db/copy-out.js'
import { formats, type ExportFormat } from '../../../db/order-formats.js'
import { OrderCsvToNdjson } from '../../db/order-csv-to-ndjson.js'
import { firstOrdersCopySql } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { exportSchema } from './contract.js'

/** COPY connections at once: a second export need not wait for the first; the rest queue (or 503). */
export const COPY_CONNECTIONS = 2

/**
 * COPY takes no bind parameters: the statements are built from constants and `limit`, which the
 * route's schema has already made an integer within range. Both formats read Postgres' CSV, its
 * fastest output; NDJSON rewrites it as it streams (db/order-csv-to-ndjson.ts says why Postgres
 * does not write the JSON itself: twice the backend's time).
 */

const copyBody: Record<ExportFormat, (copyOut: CopyOut, limit: number) => Promise<Readable>> = {
  // Postgres' CSV as it is, its header line naming the same columns as order-formats.ts.
  csv: (copyOut, limit) => copyOut.open(firstOrdersCopySql(limit, true)),
  ndjson: (copyOut, limit) => copyOut.open(firstOrdersCopySql(limit, false), () => new OrderCsvToNdjson()),
}

export const copy: Variant<typeof exportSchema> = {
  role: 'optimized',
  summary: 'Postgres formats the rows (COPY … TO STDOUT), streamed to the socket with backpressure',
  createHandler: (app) => {
    const copyOut = routeCopyOut(app, COPY_CONNECTIONS)
    return async (request, reply) => {
      const body = await copyBody[request.query.format](copyOut, request.query.limit)
      return reply.type(formats[request.query.format].contentType).send(body)
    }
  },
}
