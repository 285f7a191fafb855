/**
 * A COPY's output as a response body that allocates nothing per read: the bytes go from the
 * socket's read buffer (copy-protocol.ts) into one of a few buffers of this body's, which is
 * written to the response and comes back when the socket has taken it (the write's callback).
 * A new Buffer per read made V8 start a full GC every few dozen MB (see copy-protocol.ts).
 *
 * Piped (as Fastify sends a stream body), it writes to the destination itself, so it knows when
 * each buffer is free: at most `MAX_IN_FLIGHT` buffers are out at once, and while they all are,
 * the socket does not read (backpressure: a client that stops reading stops the COPY). Read in
 * any other way (`for await`, stream consumers), it pushes copies, with the reader's backpressure.
 * `rewrite` turns the bytes into the body's as they pass (NDJSON); its output is new Buffers.
 */
import { Readable, type Writable } from 'node:stream'
import { READ_SIZE, type CopySink } from './copy-protocol.js'

/** Buffers written and not yet taken by the socket, at most: 768 KB per export. */
const MAX_IN_FLIGHT = 3

/** Turns the COPY's bytes into the body's, into buffers it takes from the relay's pool. */
export interface Rewriter {
  push(bytes: Buffer, take: () => Buffer, send: (chunk: Buffer) => void): void
  end(): void
}

/** A rewriter's buffers: NDJSON is ~2.2 times the CSV it comes from, so one read's fits one. */
const REWRITE_BUFFER = 3 * READ_SIZE

/**
 * Buffers shared by the relays of one CopyOut: each export takes a few and gives them back, so
 * exports in a row reuse the same memory (a pool per export was a few MB per request for the GC).
 */
export class RelayBuffers {
  readonly #free = new Map<number, Buffer[]>()
  /** Free buffers kept per size, at most: what exports at once use, with some spare. */
  readonly #keep: number

  constructor(keep = 16) {
    this.#keep = keep
  }

  #allocated = 0

  /** Buffers made so far: flat while exports reuse them. */
  get allocated(): number {
    return this.#allocated
  }

  take(size: number): Buffer {
    const free = this.#free.get(size)?.pop()
    if (free) return free
    this.#allocated++
    return Buffer.allocUnsafe(size)
  }

  give(buffer: Buffer): void {
    const free = this.#free.get(buffer.length) ?? []
    this.#free.set(buffer.length, free)
    if (free.length < this.#keep) free.push(buffer)
  }
}

export class CopyRelayBody extends Readable implements CopySink {
  readonly #buffers: RelayBuffers
  #current: Buffer | null = null
  #filled = 0
  /** Chunks ready before there was anyone to give them to. */
  readonly #waiting: Array<{ chunk: Buffer; pooled: boolean }> = []
  #inFlight = 0
  #dest: Writable | null = null
  #endDest = true
  /** Until it is piped or read, nothing leaves: a pushed chunk would be emitted to no one. */
  #read = false
  #readerWantsMore = false
  #ended = false
  #endSent = false
  readonly #rewrite: Rewriter | undefined
  readonly #bufferSize: number
  readonly #ready: () => void

  /** `ready`: called when the body has room again after `full`. */
  constructor(buffers: RelayBuffers, ready: () => void, rewrite?: Rewriter) {
    super()
    this.#buffers = buffers
    this.#ready = ready
    this.#rewrite = rewrite
    this.#bufferSize = rewrite ? REWRITE_BUFFER : READ_SIZE
  }

  get full(): boolean {
    if (this.destroyed) return false
    if (this.#dest) return this.#inFlight >= MAX_IN_FLIGHT
    return this.#waiting.length > 0 || (this.#read && !this.#readerWantsMore)
  }

  write(bytes: Buffer): void {
    if (this.destroyed) return
    if (this.#rewrite) {
      this.#rewrite.push(bytes, this.#takeForRewrite, (chunk) => this.#send(chunk, this.#isPooled(chunk)))
      return
    }
    if (this.#current && this.#filled + bytes.length > this.#current.length) this.flush()
    if (!this.#current) {
      // A row longer than a read (one huge field) gets a buffer of its own size.
      this.#current = bytes.length > this.#bufferSize ? Buffer.allocUnsafe(bytes.length) : this.#take()
      this.#filled = 0
    }
    this.#current.set(bytes, this.#filled)
    this.#filled += bytes.length
  }

  flush(): void {
    if (!this.#current || this.#filled === 0) return
    const chunk = this.#current.subarray(0, this.#filled)
    this.#send(chunk, this.#isPooled(chunk))
    this.#current = null
  }

  end(): void {
    if (this.destroyed || this.#ended) return
    try {
      this.#rewrite?.end()
    } catch (error) {
      this.destroy(error as Error)
      return
    }
    this.#ended = true
    this.#drainWaiting()
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    this.#dest = destination as unknown as Writable
    this.#endDest = options?.end !== false
    this.#drainWaiting()
    // Flowing with nothing to emit: 'end' comes when the COPY ends, for whoever awaits it.
    this.resume()
    if (!this.full) this.#ready()
    return destination
  }

  override _read(): void {
    if (this.#dest) return
    this.#read = true
    this.#readerWantsMore = true
    this.#drainWaiting()
    if (!this.full) this.#ready()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Buffers still out with the socket are not given back: it may yet read them.
    for (const { chunk, pooled } of this.#waiting.splice(0)) if (pooled) this.#buffers.give(this.#whole(chunk))
    if (this.#current?.length === this.#bufferSize) this.#buffers.give(this.#current)
    this.#current = null
    callback(error)
  }

  #take(): Buffer {
    return this.#buffers.take(this.#bufferSize)
  }

  readonly #takeForRewrite = () => this.#take()

  /** Whether `chunk` lies in a buffer of the pool's (a buffer of that size, from its start). */
  #isPooled(chunk: Buffer): boolean {
    return chunk.byteOffset === 0 && chunk.buffer.byteLength === this.#bufferSize
  }

  #whole(chunk: Buffer): Buffer {
    return Buffer.from(chunk.buffer, 0, this.#bufferSize)
  }

  #send(chunk: Buffer, pooled: boolean) {
    this.#waiting.push({ chunk, pooled })
    this.#drainWaiting()
  }

  /** Gives waiting chunks to the destination or the reader, then the end once they are out. */
  #drainWaiting() {
    if (this.destroyed) return
    if (this.#dest) {
      const dest = this.#dest
      for (const { chunk, pooled } of this.#waiting.splice(0)) {
        this.#inFlight++
        dest.write(chunk, () => this.#written(chunk, pooled))
      }
      if (this.#ended && !this.#endSent) {
        this.#endSent = true
        if (this.#endDest) dest.end()
        this.push(null)
      }
      return
    }
    while (this.#waiting.length > 0 && this.#readerWantsMore) {
      const { chunk, pooled } = this.#waiting.shift()!
      // A reader may keep what it reads: a copy, and the buffer is free at once.
      this.#readerWantsMore = this.push(pooled ? Buffer.from(chunk) : chunk)
      if (pooled) this.#buffers.give(this.#whole(chunk))
    }
    if (this.#ended && !this.#endSent && this.#waiting.length === 0) {
      this.#endSent = true
      this.push(null)
    }
  }

  #written(chunk: Buffer, pooled: boolean) {
    const wasFull = this.full
    this.#inFlight--
    if (pooled) this.#buffers.give(this.#whole(chunk))
    if (wasFull && !this.full) this.#ready()
  }
}
