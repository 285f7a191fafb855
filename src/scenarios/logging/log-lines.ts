/**
 * The logging variants' handler: `lines` log lines per request, to the variant's own file through
 * the pino destination the variant chooses. That choice is the whole difference between them.
 */
import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import type { ZodRouteHandler } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'

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
