/**
 * A pool of worker threads that hash passwords (hash-worker.cjs), one thread per core, opened
 * for an app and closed with it. Its queue is piscina's: unlimited. Bounding it is a lesson of
 * its own (the worker-queue scenario).
 */
import { availableParallelism } from 'node:os'
import type { FastifyInstance } from 'fastify'
import { Piscina } from 'piscina'
import type { HashTask } from './password-hashing.js'
import { exposePoolMetrics } from './pool-metrics.js'

const workerFile = new URL('./hash-worker.cjs', import.meta.url)

export interface HashThreads {
  readonly threads: number
  /** Hashes in a worker thread: the caller's event loop stays free meanwhile. */
  run(task: HashTask): Promise<string>
}

/** `name` labels the pool on /metrics (`blindspots_worker_pool_*{pool="…"}`). */
export function openHashThreads(app: FastifyInstance, name: string): HashThreads {
  const threads = availableParallelism()
  const pool = new Piscina<HashTask, string>({ filename: workerFile.href, minThreads: threads, maxThreads: threads })
  if (app.hasDecorator('metrics')) exposePoolMetrics(app.metrics, name, pool)
  app.addHook('onClose', async () => {
    // In-flight requests have finished by now (drain on close); close() lets queued tasks finish.
    await pool.close()
  })
  return { threads, run: (task) => pool.run(task) }
}
