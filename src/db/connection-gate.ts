/**
 * A bounded wait for a database connection. postgres.js queues a query without limit when every
 * connection is busy and has no timeout for that wait (https://github.com/porsager/postgres/issues/824), so a saturated
 * pool makes every request slower and slower until clients time out. The gate admits as many
 * queries as the pool has connections and makes the rest wait at most `acquireTimeoutMs`, then
 * fails them with a 503 and Retry-After: a fast, honest "not now" instead of a hang.
 */
import { DbPoolTimeoutError } from '../errors.js'

export class ConnectionGate {
  #free: number
  #rejected = 0
  readonly #waiting: Array<() => void> = []

  constructor(
    readonly size: number,
    readonly acquireTimeoutMs: number,
  ) {
    this.#free = size
  }

  /** Runs `query` once a connection is free; throws DbPoolTimeoutError if none frees in time. */
  async run<T>(query: () => Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await query()
    } finally {
      release()
    }
  }

  /**
   * Waits for a free connection and returns the function that gives it back (calling it twice is
   * harmless), for work that outlives one call, such as a stream.
   */
  async acquire(): Promise<() => void> {
    await this.#acquire()
    let released = false
    return () => {
      if (released) return
      released = true
      this.#release()
    }
  }

  get waiting(): number {
    return this.#waiting.length
  }

  /** Connections held now: at `size`, the next query waits. */
  get inUse(): number {
    return this.size - this.#free
  }

  /** Waits that ran out (a 503 each), since the gate was made: a counter. */
  get rejected(): number {
    return this.#rejected
  }

  #acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--
      return Promise.resolve()
    }
    return new Promise((resolve, reject) => {
      const admit = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        this.#waiting.splice(this.#waiting.indexOf(admit), 1)
        this.#rejected++
        reject(new DbPoolTimeoutError(this.acquireTimeoutMs))
      }, this.acquireTimeoutMs)
      this.#waiting.push(admit)
    })
  }

  #release(): void {
    // Hand the connection straight to the longest waiter, if any.
    const next = this.#waiting.shift()
    if (next) next()
    else this.#free++
  }
}
