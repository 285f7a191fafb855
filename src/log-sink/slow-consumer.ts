/**
 * A log consumer that falls behind: it drains a named pipe (FIFO) in bursts, reading for `readMs`
 * of every `everyMs` and not at all in between, as a log shipper does that stops to send a batch,
 * a container log driver under back-pressure, or a terminal being scrolled. Between its reads the
 * pipe's 64 KiB kernel buffer fills in moments, and from then on every write(2) to it waits.
 * `readMs` = `everyMs` keeps up.
 * One read(2) at a time, each waiting for data, and none while paused: a stream with a read-ahead
 * buffer would go on draining the pipe into memory while "paused" (a ReadStream did, 1 MiB of it).
 */
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

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
  #reading = true
  #closed = false
  #timer: NodeJS.Timeout | undefined
  #wake: (() => void) | undefined

  private constructor(
    private readonly file: FileHandle,
    pace: Pace,
  ) {
    this.#pace = pace
  }

  static async open(fifoPath: string, pace: Pace): Promise<SlowConsumer> {
    // Read-write, so the pipe never reports end-of-file when a writer closes (the API restarts,
    // a variant reopens it) and opening does not wait for a writer.
    const consumer = new SlowConsumer(await open(fifoPath, constants.O_RDWR), pace)
    consumer.#cycle()
    void consumer.#drain()
    return consumer
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
    this.#setReading(true)
    if (readMs >= everyMs) return
    this.#timer = setTimeout(() => {
      this.#setReading(false)
      this.#timer = setTimeout(() => this.#cycle(), everyMs - readMs)
    }, readMs)
  }

  #setReading(reading: boolean): void {
    this.#reading = reading
    if (reading) this.#wake?.()
  }

  async #drain(): Promise<void> {
    const buffer = Buffer.allocUnsafe(1024 * 1024)
    while (!this.#closed) {
      if (!this.#reading) {
        await new Promise<void>((resolve) => (this.#wake = resolve))
        continue
      }
      const { bytesRead } = await this.file.read(buffer, 0, buffer.length, null)
      this.bytes += bytesRead
      for (let at = buffer.indexOf(10); at !== -1 && at < bytesRead; at = buffer.indexOf(10, at + 1)) this.lines++
    }
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#wake?.()
  }
}
