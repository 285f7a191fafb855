/**
 * A log consumer that falls behind: it drains a named pipe (FIFO) in bursts, reading for `readMs`
 * of every `everyMs` and not at all in between, as a log shipper does that stops to send a batch,
 * a container log driver under back-pressure, or a terminal being scrolled. Between its reads the
 * pipe's 64 KiB kernel buffer fills in moments, and from then on every write(2) to it waits.
 * `readMs` = `everyMs` keeps up.
 * None read while paused: a file ReadStream's read-ahead went on draining the pipe into memory
 * while "paused" (1 MiB of it); a socket on the pipe stops reading the fd itself.
 */
import { constants, openSync } from 'node:fs'
import { Socket } from 'node:net'

export interface Pace {
  /** Reads during this many ms … */
  readonly readMs: number
  /** … of every this many ms. */
  readonly everyMs: number
}

export class SlowConsumer {
  bytes = 0
  lines = 0
  #pace: Pace
  readonly #pipe: Socket
  #timer: NodeJS.Timeout | undefined

  constructor(fifoPath: string, pace: Pace) {
    this.#pace = pace
    // Read-write, so the pipe never reports end-of-file when a writer closes (the API restarts, a
    // variant reopens it) and opening does not wait for a writer. Non-blocking, read by the event
    // loop as a socket: a read(2) waiting on the threadpool would never return once the writers
    // are gone, and Node's exit waits for the threadpool (the process could not stop).
    const fd = openSync(fifoPath, constants.O_RDWR | constants.O_NONBLOCK)
    this.#pipe = new Socket({ fd, readable: true, writable: false })
    this.#pipe.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) this.lines++
    })
    this.#cycle()
  }

  get pace(): Pace {
    return this.#pace
  }

  set pace(pace: Pace) {
    this.#pace = pace
    clearTimeout(this.#timer)
    this.#cycle()
  }

  /** Reading for readMs, paused for the rest of everyMs, again. */
  #cycle(): void {
    const { readMs, everyMs } = this.#pace
    this.#pipe.resume()
    if (readMs >= everyMs) return
    this.#timer = setTimeout(() => {
      // Stops reading from the pipe itself (no read-ahead), not just the 'data' events.
      this.#pipe.pause()
      this.#timer = setTimeout(() => this.#cycle(), everyMs - readMs)
    }, readMs)
  }

  close(): void {
    clearTimeout(this.#timer)
    this.#pipe.destroy()
  }
}
