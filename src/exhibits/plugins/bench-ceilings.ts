/**
 * The physical limits of the volume rows, as routes the bench loads like any variant (BENCH_ROUTES
 * only). A technique is judged against the lesser of two:
 *   GET /_bench/ceiling/database?rows=N&as=copy|binary|document  the database's rate as this
 *       process reads it: the exports' COPY (Postgres' CSV or binary form of the first N orders)
 *       or the list's JSON document, on warm connections, every byte read and thrown away; the
 *       reply is a count.
 *   GET /_bench/ceiling/memory?bytes=N&chunked=…        the server's rate: N bytes already in
 *       memory through the same HTTP stack, as a stream of 256 KB chunks (an export's shape) or
 *       as one buffer (a list's).
 * Neither does a technique's work (formatting, rewriting): they say where the database or the
 * server would stop a technique that did nothing.
 */
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ConnectionGate } from '../../db/connection-gate.js'
import { firstOrdersBinaryCopySql, firstOrdersCopySql, orderListDocumentSql } from '../../db/orders-rows.js'
import { SEED_ORDERS } from '../../db/seed.js'
import { errorReplySchema } from '../../errors.js'
import { CopyOut } from '../db/copy-out.js'
import { READ_SIZE } from '../db/copy-protocol.js'

const errorReplies = { '4xx': errorReplySchema, '5xx': errorReplySchema }
/** COPYs at once: as many as the bench's export clients, so the database is the only bound. */
const COPY_CONNECTIONS = 8
const MAX_MEMORY_BYTES = 64 * 1024 * 1024
const KEPT_SIZES = 4
/** A line of an orders CSV, repeated: what the memory ceiling sends is the size of an export. */
const SAMPLE_LINE = Buffer.from('12345,678,shipped,98765,2025-01-01 00:05:00+00\n')

async function benchCeilingsPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const copyOut = new CopyOut({
    url: app.config.databaseUrl,
    copyGate: new ConnectionGate(COPY_CONNECTIONS, app.config.dbAcquireTimeoutMs),
    poolGate: new ConnectionGate(COPY_CONNECTIONS, app.config.dbAcquireTimeoutMs),
  })
  app.addHook('onClose', () => copyOut.close())
  // The sizes the bench asks for, made once; a few at most, whatever a client asks.
  const memory = new Map<number, Buffer>()
  const bytesOf = (n: number) => {
    let buffer = memory.get(n)
    if (!buffer) {
      if (memory.size >= KEPT_SIZES) memory.delete(memory.keys().next().value!)
      memory.set(n, (buffer = Buffer.alloc(n, SAMPLE_LINE)))
    }
    return buffer
  }

  app.get(
    '/_bench/ceiling/database',
    {
      schema: {
        querystring: z.object({
          rows: z.coerce.number().int().min(1).max(SEED_ORDERS),
          as: z.enum(['copy', 'binary', 'document']),
        }),
        response: { 200: z.object({ bytes: z.number().int() }), ...errorReplies },
      },
    },
    async (request) => {
      const { rows, as } = request.query
      if (as === 'document') {
        const [row] = await app.dbGate.run(() => app.sql.unsafe(orderListDocumentSql(rows)).raw())
        return { bytes: (row![0] as Buffer).length }
      }
      let bytes = 0
      const copy = await copyOut.open(as === 'binary' ? firstOrdersBinaryCopySql(rows) : firstOrdersCopySql(rows))
      await pipeline(
        copy,
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            bytes += chunk.length
            done()
          },
        }),
      )
      return { bytes }
    },
  )

  app.get(
    '/_bench/ceiling/memory',
    {
      schema: {
        querystring: z.object({
          bytes: z.coerce.number().int().min(1).max(MAX_MEMORY_BYTES),
          chunked: z.enum(['true', 'false']).default('true'),
        }),
        response: { 200: z.unknown().describe('the bytes asked for'), ...errorReplies },
      },
    },
    async (request, reply) => {
      const body = bytesOf(request.query.bytes)
      if (request.query.chunked === 'false') return reply.type('application/octet-stream').send(body)
      const chunks = []
      for (let at = 0; at < body.length; at += READ_SIZE) chunks.push(body.subarray(at, at + READ_SIZE))
      return reply.type('application/octet-stream').send(Readable.from(chunks, { objectMode: false }))
    },
  )
}

export default fp(benchCeilingsPlugin, { name: 'bench-ceilings', fastify: '5.x' })
