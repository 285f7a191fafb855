/**
 * THE FIX for CPU work: a pool of worker threads sized to the cores (piscina), apart from the
 * libuv threadpool, so hashing never starves file and DNS work. (Its queue is unlimited: what
 * overload does to it, and the bound that cures it, are the worker-queue scenario.)
 * Bench: loop delay flat; req/s near the cores' limit (2 cores: at most 2× blocking).
 */
import { openHashThreads } from '../../hashing/hash-threads.js'
import { encodeHash, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const workerPool: Variant<typeof passwordHashSchema> = {
  role: 'optimized',
  summary: 'a worker-thread pool sized to the cores: the loop stays free',
  createHandler: (app) => {
    const pool = openHashThreads(app, 'password-hash/worker-pool')
    return async (request) => {
      const task = hashTask(request.body.password)
      return encodeHash(task, await pool.run(task))
    }
  },
}
