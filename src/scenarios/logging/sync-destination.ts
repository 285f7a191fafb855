/**
 * THE MISTAKE: a synchronous log destination. Every line is a write(2) to the file before the
 * handler goes on: the event loop waits on the disk once per line, and a slow disk (or a full
 * pipe to a log shipper) stalls every request the process serves.
 * Bench: fewer req/s than async for the same lines, and loop delay that follows the disk.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'
import { createLoggingHandler } from './log-lines.js'

export const syncDestination: Variant<typeof loggingSchema> = {
  role: 'naive',
  summary: 'pino to a file with sync: true, one write(2) per line on the event loop',
  createHandler: (app) => createLoggingHandler(app, 'sync', { sync: true }),
}
