/**
 * THE MISTAKE: a synchronous log destination. Every line is a write(2) before the handler goes
 * on. To a file in the page cache that costs microseconds and hides the problem; to a pipe whose
 * reader falls behind (stdout into a log shipper, a container's log driver, a terminal), the
 * kernel's 64 KiB pipe buffer fills and each write waits until the reader drains it, with the
 * event loop, and every request of the process, waiting too. Nothing is ever dropped: the price
 * is paid in latency, by everyone.
 * Bench: req/s and loop delay follow the consumer's pace.
 */
import { once } from 'node:events'
import pino from 'pino'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'
import { createLoggingHandler, type LogDestination } from './log-lines.js'

function syncDestination(path: string): LogDestination {
  // eslint-disable-next-line blindspots/no-sync-log-destination -- the blind spot
  const stream = pino.destination({ dest: path, sync: true, append: false })
  return {
    write: (line) => stream.write(line),
    droppedLines: 0,
    async end() {
      const closed = once(stream, 'close')
      stream.end()
      await closed
    },
  }
}

export const sync: Variant<typeof loggingSchema> = {
  role: 'naive',
  summary: 'pino with sync: true: a write(2) per line on the event loop, waiting whenever the reader does',
  createHandler: (app) => createLoggingHandler(app, 'sync', syncDestination),
}
