/**
 * THE FIX: lines go into a bounded buffer and are written off the event loop. A Node WriteStream
 * does the writing on libuv's threadpool, everything buffered at once (writev), so when the
 * reader stalls, it is a threadpool thread that waits on the pipe, not the loop, and requests go
 * on. What a buffer cannot do is make a slow reader faster: when the reader can never catch up,
 * an unbounded buffer grows until the process dies, and a buffer that drops lines silently hides
 * the incident it should record. So this one is bounded (BUFFER_BYTES), counts every line it
 * drops, and says so: the count is in every reply (`droppedLines`, the counter to alert on) and
 * in a warning on the app's own log, at most once a second.
 * Why not pino.destination({ sync: false }) (sonic-boom): it writes at most 16 KiB per turn of the
 * loop, which at 1,000 req/s of 10 lines fell behind a reader that paused 80 ms of every 100 and
 * dropped about half the lines (its `maxLength` bound); larger writes made it measure the whole
 * buffer on the loop for every line (stalls of seconds). A pino transport (a worker thread) moves
 * the formatting off the loop as well, but its buffer is unbounded when the reader stalls.
 * Bench: the loop stays free, req/s follows the offered load, not the reader's pace.
 */
import { createWriteStream } from 'node:fs'
import type { FastifyInstance } from 'fastify'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { loggingSchema } from './contract.js'
import { createLoggingHandler, type LogDestination } from './log-lines.js'

/** Most bytes held for a reader that is behind: 8 MiB, about 40,000 lines, or 8 s of this workload's logging. */
export const BUFFER_BYTES = 8 * 1024 * 1024

export function boundedAsyncDestination(
  path: string,
  log: FastifyInstance['log'],
  bufferBytes = BUFFER_BYTES,
): LogDestination {
  // 'w': a file is emptied at start, as the sync variant's is; a FIFO is opened for writing.
  const stream = createWriteStream(path, { flags: 'w' })
  let dropped = 0
  let broken = false
  let warnedAt = 0
  // The reader went away (EPIPE) or the disk failed: lines are dropped and counted from then on.
  stream.on('error', (err) => {
    broken = true
    log.error({ err }, 'log destination failed; log lines are dropped from now on')
  })
  return {
    write(line) {
      if (broken || stream.writableLength + line.length > bufferBytes) {
        dropped++
        if (Date.now() - warnedAt > 1_000) {
          warnedAt = Date.now()
          log.warn(
            { droppedLines: dropped, bufferBytes },
            'log lines dropped: the log reader is behind and the buffer is full',
          )
        }
        return
      }
      stream.write(line)
    },
    get droppedLines() {
      return dropped
    },
    end: () =>
      new Promise<void>((resolve) => {
        if (broken || stream.destroyed) return resolve()
        stream.once('error', () => resolve())
        stream.end(resolve)
      }),
  }
}

export const async: Variant<typeof loggingSchema> = {
  role: 'optimized',
  summary:
    'a bounded buffer written off the event loop (threadpool, writev); lines dropped only when full, and counted',
  createHandler: (app) => createLoggingHandler(app, 'async', (path) => boundedAsyncDestination(path, app.log)),
}
