/**
 * The logging variants' handler: `lines` log lines per request through pino, to the destination
 * the variant opens. That destination is the whole difference between them.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import pino from 'pino'
import type { ZodRouteHandler } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'

/** Where a variant writes without LOGGING_DESTINATION: one file per variant, emptied when the app starts. */
export function logFilePath(filesDir: string, variant: string): string {
  return join(filesDir, 'logs', `${variant}.log`)
}

/** What pino writes lines to, as each variant opens it. */
export interface LogDestination {
  write(line: string): void
  /** Lines dropped so far (a bounded buffer that was full): 0 for a destination that blocks instead. */
  readonly droppedLines: number
  /** Writes what is still buffered, then closes: a clean shutdown loses no line. */
  end(): Promise<void>
}

/**
 * Opens the variant's destination and returns its handler; on close the destination is ended
 * and awaited.
 */
export function createLoggingHandler(
  app: FastifyInstance,
  variant: string,
  open: (path: string) => LogDestination,
): ZodRouteHandler<typeof loggingSchema> {
  let path = app.config.loggingDestination
  if (!path) {
    mkdirSync(join(app.config.filesDir, 'logs'), { recursive: true })
    path = logFilePath(app.config.filesDir, variant)
  }
  const destination = open(path)
  const logger = pino({ base: { variant } }, destination)
  app.addHook('onClose', () => destination.end())
  return async (request) => {
    const { lines } = request.query
    for (let step = 0; step < lines; step++) {
      logger.info({ requestId: request.id, step, of: lines, route: request.url }, 'order pipeline step done')
    }
    return { lines, droppedLines: destination.droppedLines }
  }
}
