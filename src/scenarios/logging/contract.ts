/**
 * What both logging variants must do: write `lines` log lines (JSON, ~200 bytes each) for one
 * request to the variant's own log file, and lose none of them on a clean shutdown. They differ
 * only in pino's destination: a write(2) per line on the event loop, or a buffer written in the
 * background.
 */
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import { z } from 'zod'
import { errorReplySchema } from '../../errors.js'
import type { ZodRouteHandler } from '../scenario.js'

export const loggingSchema = {
  querystring: z.object({ lines: z.coerce.number().int().min(1).max(1_000).default(20) }),
  response: { 200: z.object({ lines: z.number().int() }), '4xx': errorReplySchema, '5xx': errorReplySchema },
}

/** Where a variant writes: one file per variant, emptied when the app starts. */
export function logFilePath(filesDir: string, variant: string): string {
  return join(filesDir, 'logs', `${variant}.log`)
}

/**
 * Opens the variant's logger and its handler. On close the destination is ended and awaited:
 * `end()` writes what is still buffered, then closes the file, so nothing logged is lost.
 */
export function createLoggingHandler(
  app: FastifyInstance,
  variant: string,
  destination: { sync: boolean; minLength?: number },
): ZodRouteHandler<typeof loggingSchema> {
  const file = logFilePath(app.config.filesDir, variant)
  mkdirSync(join(app.config.filesDir, 'logs'), { recursive: true })
  const stream = pino.destination({ dest: file, append: false, ...destination })
  const logger = pino({ base: { variant } }, stream)
  app.addHook('onClose', async () => {
    const closed = once(stream, 'close')
    stream.end()
    await closed
  })
  return async (request) => {
    const { lines } = request.query
    for (let step = 0; step < lines; step++) {
      logger.info({ requestId: request.id, step, of: lines, route: request.url }, 'order pipeline step done')
    }
    return { lines }
  }
}
