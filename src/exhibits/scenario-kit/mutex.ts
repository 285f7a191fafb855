/**
 * The lock people reach for to make a shared object "safe": one holder at a time, the rest queue.
 * Used by the naive variants that serialise; shown here so the cost is explicit.
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  async runExclusive<T>(critical: () => Promise<T>): Promise<T> {
    const previous = this.#tail
    let unlock!: () => void
    this.#tail = new Promise((resolve) => (unlock = resolve))
    await previous
    try {
      return await critical()
    } finally {
      unlock()
    }
  }
}
