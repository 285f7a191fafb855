/**
 * EXERCISE: a copy of `sync-destination.ts`, the mistake, for you to fix. The goal: write the log
 * lines without holding the event loop when the reader is slow, losing none (or counting every one
 * dropped). Keep the contract (the same status and body for the same request). Check it:
 * `npm run verify -- logging` runs the claims of `async` (the model answer,
 * `async-destination.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
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

export const exercise: Variant<typeof loggingSchema> = {
  role: 'naive',
  summary: 'pino with sync: true: a write(2) per line on the event loop, waiting whenever the reader does',
  createHandler: (app) => createLoggingHandler(app, 'sync', syncDestination),
}
