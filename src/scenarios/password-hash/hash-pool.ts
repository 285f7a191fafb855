/**
 * A pool of worker threads that hash passwords (hash-worker.cjs), one thread per core.
 * The bounded pool admits a task per thread and lets at most two per thread wait; a task that
 * finds the waiting line full is refused at once (503 + Retry-After: the article's rejection
 * policy), and a waiting task whose client has gone leaves the line, so the pool never works for
 * nobody. A task already running is let finish: killing its thread would cost more than the hash.
 * The line is ours, not piscina's `maxQueue`: in piscina 5.3 a task that carries an AbortSignal
 * and finds no free thread waits in a second queue that `maxQueue` does not count (measured: 100
 * concurrent requests, none refused), and piscina aborts a running task by ending its thread.
 */
import { availableParallelism } from 'node:os'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Piscina } from 'piscina'
import { ClientClosedError, WorkerQueueFullError } from '../../errors.js'
import type { ZodRouteHandler } from '../scenario.js'
import { encodeHash, hashTask, type HashTask, type passwordHashSchema } from './contract.js'

const workerFile = new URL('./hash-worker.cjs', import.meta.url)

export interface HashPool {
  /** Hashes in a worker; `reply` ties the task to its request (see the bounded pool). */
  hash(task: HashTask, reply: FastifyReply): Promise<string>
}

/** One thread per core and a waiting line of `maxWaiting`, left by tasks whose client has gone. */
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

/**
 * Opens a pool for the app and closes it with the app. `bounded: false` is the naive pool:
 * piscina's own queue, unlimited, and tasks of clients that left still run.
 */
export function openHashPool(app: FastifyInstance, { bounded }: { bounded: boolean }): HashPool {
  const threads = availableParallelism()
  const pool = new Piscina<HashTask, string>({ filename: workerFile.href, minThreads: threads, maxThreads: threads })
  app.addHook('onClose', async () => {
    // In-flight requests have finished by now (drain on close); close() lets queued tasks finish.
    await pool.close()
  })
  if (!bounded) return { hash: (task) => pool.run(task) }

  // Two waiting per thread: the longest wait is ~3 hash times, then the pool says no.
  const admission = new Admission(threads, 2 * threads)
  return {
    async hash(task, reply) {
      const gone = new AbortController()
      const onClose = () => {
        if (!reply.raw.writableFinished) gone.abort()
      }
      reply.raw.once('close', onClose)
      try {
        await admission.enter(gone.signal)
        try {
          return await pool.run(task)
        } finally {
          admission.leave()
        }
      } finally {
        reply.raw.off('close', onClose)
      }
    },
  }
}

/** The handler every pool variant shares: they differ only in the pool's bound. */
export function hashInPool(app: FastifyInstance, options: { bounded: boolean }): ZodRouteHandler<typeof passwordHashSchema> {
  const pool = openHashPool(app, options)
  return async (request, reply) => {
    const task = hashTask(request.body.password)
    return encodeHash(task, await pool.hash(task, reply))
  }
}
