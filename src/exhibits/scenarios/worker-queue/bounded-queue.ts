/**
 * THE FIX: the same pool behind an admission bound: a task per thread runs, at most two per
 * thread wait, and a task that finds the line full is refused at once (503 + Retry-After: the
 * article's bounded queue with a rejection policy). A waiting task whose client has gone leaves
 * the line, so the pool never works for nobody; a running one is let finish (ending its thread
 * would cost more than the hash). The client can back off or go elsewhere, and the requests that
 * are accepted keep the latency of a lightly loaded server.
 * The line is ours, not piscina's `maxQueue`: in piscina 5.3 a task that carries an AbortSignal
 * and finds no free thread waits in a second queue that `maxQueue` does not count (measured: 100
 * concurrent requests, none refused), and piscina aborts a running task by ending its thread.
 * Bench: many fast 503s; the 200s' p99 stays near a few hash times.
 */
import { ClientClosedError, WorkerQueueFullError } from '../../../errors.js'
import { openHashThreads } from '../../hashing/hash-threads.js'
import { encodeHash, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

/** `threads` running at once and a waiting line of `maxWaiting`, left by tasks whose client has gone. */
export class Admission {
  #running = 0
  readonly #line: Array<() => void> = []

  constructor(
    readonly threads: number,
    readonly maxWaiting: number,
  ) {}

  /** Resolves when a thread is free; throws at once if the line is full, or when `gone` fires. */
  async enter(gone: AbortSignal): Promise<void> {
    if (this.#running < this.threads) {
      this.#running++
      return
    }
    if (this.#line.length >= this.maxWaiting) throw new WorkerQueueFullError(this.threads, this.maxWaiting)
    await new Promise<void>((resolve, reject) => {
      const admit = () => {
        gone.removeEventListener('abort', leave)
        resolve()
      }
      const leave = () => {
        this.#line.splice(this.#line.indexOf(admit), 1)
        reject(new ClientClosedError())
      }
      gone.addEventListener('abort', leave, { once: true })
      this.#line.push(admit)
    })
  }

  /** The thread goes straight to the longest waiter, if any. */
  leave(): void {
    const next = this.#line.shift()
    if (next) next()
    else this.#running--
  }
}

export const boundedQueue: Variant<typeof passwordHashSchema> = {
  role: 'optimized',
  summary: 'worker pool, bounded queue: 503 + Retry-After at once when full',
  createHandler: (app) => {
    const pool = openHashThreads(app, 'worker-queue/bounded-queue')
    // Two waiting per thread: the longest wait is ~3 hash times, then the pool says no.
    const admission = new Admission(pool.threads, 2 * pool.threads)
    return async (request, reply) => {
      const task = hashTask(request.body.password)
      const gone = new AbortController()
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort()
      }
      reply.raw.once('close', onClose)
      try {
        await admission.enter(gone.signal)
        try {
          return encodeHash(task, await pool.run(task))
        } finally {
          admission.leave()
        }
      } finally {
        reply.raw.off('close', onClose)
      }
    }
  },
}
