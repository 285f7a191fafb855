/**
 * THE FIX: pino's asynchronous destination (sonic-boom): lines collect in memory and are written
 * in the background, 4 KB or more at a time. The price is that buffered lines must be flushed on
 * shutdown, which contract.ts does by ending the stream in onClose (a crash can still lose the
 * last buffer; pino.final-style handlers or a transport in a worker thread narrow that window).
 * Bench: more req/s for the same lines; the disk is off the request path.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'
import { createLoggingHandler } from './log-lines.js'

export const asyncDestination: Variant<typeof loggingSchema> = {
  role: 'optimized',
  summary: 'pino to a file through an async, buffered destination, flushed on close',
  createHandler: (app) => createLoggingHandler(app, 'async', { sync: false, minLength: 4_096 }),
}
