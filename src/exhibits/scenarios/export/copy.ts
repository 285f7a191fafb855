/**
 * THE NEXT STEP: let the database do only what it must. `COPY (SELECT …) TO STDOUT` sends the rows
 * as one stream, and Node moves the bytes from one socket to another with backpressure all the way
 * (a slow client pauses the Postgres socket, which pauses the backend). No row objects, no query
 * per batch. Moving the bytes must then cost almost nothing, and through the driver's COPY stream
 * it did not (a chunk per row, 8 KB reads, a full GC several times a second): db/copy-out.ts says
 * how COPY is read safely and cheaply through postgres.js (dedicated connections, rows joined per
 * read, reused buffers, two of its bugs worked around).
 * What the backend still does is turn values into text, and it is most of its time: the backend is
 * one process per export, on cores the API shares. So for CSV it sends its binary format, values as
 * they are stored, and the API writes the text (db/order-binary-to-csv.ts): the database's share
 * shrinks by a third, the API's grows by less. NDJSON rewrites Postgres' CSV as it streams
 * (db/order-csv-to-ndjson.ts).
 * Same bytes as the other variants: the CSV is what Postgres writes for the same rows in text, and
 * NDJSON is that CSV rewritten line by line.
 * Bench: the volume table's export rows, as a % of COPY read with nothing else to do.
 */
import type { Readable } from 'node:stream'
import { routeCopyOut, type CopyOut } from '../../db/copy-out.js'
import { formats, type ExportFormat } from '../../../db/order-formats.js'
import { OrderBinaryToCsv } from '../../db/order-binary-to-csv.js'
import { OrderCsvToNdjson } from '../../db/order-csv-to-ndjson.js'
import { firstOrdersBinaryCopySql, firstOrdersCopySql } from '../../../db/orders-rows.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { exportSchema } from './contract.js'

/** COPY connections at once: a second export need not wait for the first; the rest queue (or 503). */
export const COPY_CONNECTIONS = 2

/**
 * COPY takes no bind parameters: the statements are built from constants and `limit`, which the
 * route's schema has already made an integer within range. CSV reads Postgres' binary output, its
 * cheapest; NDJSON reads its CSV, rewritten as it streams (db/order-csv-to-ndjson.ts says why
 * Postgres does not write the JSON itself: twice the backend's time).
 */

const copyBody: Record<ExportFormat, (copyOut: CopyOut, limit: number) => Promise<Readable>> = {
  // Postgres' values in binary, written as the CSV Postgres would write, header line included.
  csv: (copyOut, limit) => copyOut.open(firstOrdersBinaryCopySql(limit), () => new OrderBinaryToCsv()),
  ndjson: (copyOut, limit) => copyOut.open(firstOrdersCopySql(limit), () => new OrderCsvToNdjson()),
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
