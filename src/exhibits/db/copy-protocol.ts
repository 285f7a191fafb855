/**
 * What it costs to read a COPY through postgres.js, and how this file takes it down. Postgres sends
 * a COPY's output as one CopyData message per row, and the driver hands each to the COPY readable
 * as a Buffer of its own: 100,000 slices, pushes and reads per 100,000 orders. Postgres also writes
 * 8 KB at a time, and a socket read as the bytes come gets them ~8 KB at a time: ~600 reads and
 * ~600 writes to the client per export. And every read is a new 64 KB Buffer: with little else
 * allocated, V8 runs no minor GC to free them and starts a full one every few dozen MB (the
 * export lesson's profile: as much CPU in the collector's threads as in the event loop).
 *
 * So the COPY connections get a socket of their own (postgres.js's `socket` option):
 * - `CopyDataParser` walks the server's messages in each read and, in place, joins each run of
 *   CopyData messages into one: nothing in the protocol gives meaning to where a CopyData ends.
 * - `CopyOutSocket` reads into one buffer of its own (Node's `onread`), up to 256 KB, and after a
 *   small read waits a millisecond so the kernel gathers more. The driver is told it does not own
 *   that buffer (`shared`) and copies what it keeps. With a `CopySink` attached, the CopyData bytes
 *   skip the driver altogether: the sink copies them where they go (copy-relay.ts); the driver
 *   still sees every other message (CopyOutResponse, CopyDone, errors, ReadyForQuery).
 */
import net from 'node:net'

const COPY_DATA = 0x64 // 'd'
const COPY_DONE = 0x63 // 'c'
const HEADER = 5 // type byte + int32 length (which counts itself)

export interface CopyDataHandler {
  /** Whole or cut messages other than CopyData, in order: to the driver as they are. */
  messages(bytes: Buffer): void
  /**
   * CopyData payload bytes, `data[payloadStart, end)`; the 5 bytes before `payloadStart` are free
   * for a header (the driver's path writes one there). Valid during the call only.
   */
  copyData(data: Buffer, payloadStart: number, end: number): void
  /** A CopyDone's header was read: every CopyData before it has been handed over. */
  copyDone(): void
}

export class CopyDataParser {
  /** The start of a message cut by the end of the last read: a CopyData (header and all) or a header. */
  #carry: Buffer | null = null
  /** Bytes of a message other than CopyData still to pass through unchanged. */
  #passThrough = 0

  /**
   * Hands `input`'s messages to `handler`, in order, each run of whole CopyData messages joined
   * into one. `input` is rewritten in place. A CopyData cut by the end of a read is kept (a row, a
   * few dozen bytes) and given whole with the next read.
   */
  push(input: Buffer, handler: CopyDataHandler): void {
    let at = 0
    if (this.#carry) {
      at = this.#completeCarry(input, handler)
      if (at < 0) return
    }
    const end = input.length
    // In place from here: every header written takes the place of one dropped or kept, so what is
    // written never overtakes what is read. `copyWithin` moves each row: a byte loop or a
    // `Buffer.copy` per row cost 15 to 20 times more (100,000 rows: 4–7 ms against 0.3).
    let written = at
    let segmentStart = at
    let inRun = false
    const close = () => {
      if (written > segmentStart) {
        if (inRun) handler.copyData(input, segmentStart + HEADER, written)
        else handler.messages(input.subarray(segmentStart, written))
      }
      segmentStart = written
    }
    if (this.#passThrough > 0) {
      const take = Math.min(this.#passThrough, end - at)
      this.#passThrough -= take
      at += take
      written = at
    }
    while (end - at >= HEADER) {
      const length = messageLength(input, at)
      const messageEnd = at + 1 + length
      if (input[at] === COPY_DATA) {
        if (messageEnd > end) break
        if (!inRun) {
          close()
          inRun = true
          written += HEADER // the run's header, written by whoever frames it
        }
        input.copyWithin(written, at + HEADER, messageEnd)
        written += messageEnd - at - HEADER
        at = messageEnd
        continue
      }
      if (inRun) {
        close()
        inRun = false
      }
      if (input[at] === COPY_DONE) handler.copyDone()
      // Another message passes through as it is, cut or not.
      const take = Math.min(messageEnd, end) - at
      input.copyWithin(written, at, at + take)
      written += take
      at += take
      this.#passThrough = 1 + length - take
    }
    close()
    if (at < end) this.#carry = Buffer.from(input.subarray(at))
  }

  /** Completes the carried message from `input`; returns where `input`'s own messages start, or -1. */
  #completeCarry(input: Buffer, handler: CopyDataHandler): number {
    const carry = this.#carry!
    const headerNeeded = Math.max(0, HEADER - carry.length)
    if (input.length < headerNeeded) {
      this.#carry = Buffer.concat([carry, input])
      return -1
    }
    const header = headerNeeded > 0 ? Buffer.concat([carry, input.subarray(0, headerNeeded)]) : carry
    const total = 1 + messageLength(header, 0)
    this.#carry = null
    if (header[0] !== COPY_DATA) {
      if (header[0] === COPY_DONE) handler.copyDone()
      // Not a row: give the header back and let the body pass through as it comes.
      handler.messages(header.subarray(0, HEADER))
      this.#passThrough = total - HEADER
      return headerNeeded
    }
    const missing = total - carry.length
    if (input.length < missing) {
      this.#carry = Buffer.concat([carry, input])
      return -1
    }
    const message = Buffer.concat([carry, input.subarray(0, missing)])
    handler.copyData(message, HEADER, message.length)
    return missing
  }
}

function messageLength(data: Buffer, at: number): number {
  const length = ((data[at + 1]! << 24) | (data[at + 2]! << 16) | (data[at + 3]! << 8) | data[at + 4]!) >>> 0
  if (length < 4 || length > 0x40000000) throw new Error(`malformed message from Postgres: length ${length}`)
  return length
}

/** Where a COPY's bytes go instead of the driver's COPY readable. */
export interface CopySink {
  /** A COPY's payload bytes, a view valid during the call only. */
  write(bytes: Buffer): void
  /** The end of a socket read: what was written may go out now. */
  flush(): void
  /** Postgres said CopyDone: no more bytes for this COPY. */
  end(): void
  /** No room for another read: the socket waits until the sink calls `sinkReady()`. */
  readonly full: boolean
}

/** Bytes per read: the kernel hands over up to this much of what Postgres has sent. */
export const READ_SIZE = 256 * 1024
/** A read smaller than this came before Postgres had sent much: the socket waits a little. */
const SMALL_READ = 32 * 1024
const SMALL_READ_WAIT_MS = 1

/**
 * A plain TCP socket for postgres.js (its `socket` option) that reads COPY output as described
 * above. Backpressure stays the driver's when no sink is attached (its pause() holds until its
 * resume()), and the sink's when one is.
 */
export class CopyOutSocket extends net.Socket {
  /** postgres.js reads `shared` to know the read buffer is reused, and then sets `ondata`. */
  readonly shared = true
  ondata: (data: Buffer) => void = () => {}
  readonly #parser = new CopyDataParser()
  #sink: CopySink | null = null
  #pausedByDriver = false
  #waiting = false
  readonly #handler: CopyDataHandler = {
    messages: (bytes) => this.ondata(bytes),
    copyDone: () => {
      if (this.#sink) this.#endSink()
    },
    copyData: (data, payloadStart, end) => {
      if (this.#sink) return this.#sink.write(data.subarray(payloadStart, end))
      // The driver's path: one CopyData message, its header where the parser left room.
      data[payloadStart - HEADER] = COPY_DATA
      data.writeInt32BE(end - payloadStart + 4, payloadStart - HEADER + 1)
      this.ondata(data.subarray(payloadStart - HEADER, end))
    },
  }

  constructor() {
    // The read callback is given before `this` exists; it finds the socket through this box.
    const box: { socket?: CopyOutSocket } = {}
    super({ onread: { buffer: Buffer.allocUnsafe(READ_SIZE), callback: (n, buffer) => box.socket!.#read(buffer, n) } })
    box.socket = this
  }

  /** The next COPY's bytes go to `sink` until its CopyDone. Attach it before the COPY is sent. */
  attach(sink: CopySink): void {
    this.#sink = sink
  }

  /** The sink has room again. */
  sinkReady(): void {
    this.#resumeIfFree()
  }

  override pause(): this {
    this.#pausedByDriver = true
    return super.pause()
  }

  override resume(): this {
    this.#pausedByDriver = false
    this.#resumeIfFree()
    return this
  }

  #endSink() {
    const sink = this.#sink!
    this.#sink = null
    sink.flush()
    sink.end()
    this.#resumeIfFree()
  }

  #resumeIfFree() {
    if (!this.#pausedByDriver && !this.#waiting && !this.#sink?.full && !this.destroyed) super.resume()
  }

  /** Node's onread callback; true: go on reading (the waits above pause the socket themselves). */
  #read(buffer: Uint8Array, n: number): boolean {
    this.#parser.push(Buffer.from(buffer.buffer, buffer.byteOffset, n), this.#handler)
    this.#sink?.flush()
    if (this.#sink?.full) super.pause()
    if (n >= SMALL_READ || this.#waiting || this.destroyed) return true
    this.#waiting = true
    super.pause()
    setTimeout(() => {
      this.#waiting = false
      this.#resumeIfFree()
    }, SMALL_READ_WAIT_MS)
    return true
  }
}
