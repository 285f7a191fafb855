/**
 * THE MISTAKE: a worker pool whose queue has no limit. Under overload every request is accepted
 * and waits its turn: latency grows with the backlog, the backlog with the overload, and tasks of
 * clients that timed out long ago still run, ahead of the clients still waiting.
 * (It is the password-hash scenario's fix, worker-pool, as is: the fix for CPU work, overloaded.)
 * Bench (more clients than the cores can serve): p50 and p99 are queue time; no request refused.
 */
import { openHashThreads } from '../../hashing/hash-threads.js'
import { encodeHash, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const unboundedQueue: Variant<typeof passwordHashSchema> = {
  role: 'naive',
  summary: 'worker pool, unlimited queue: overload becomes latency, abandoned tasks still run',
  createHandler: (app) => {
    const pool = openHashThreads(app, 'worker-queue/unbounded-queue')
    return async (request) => {
      const task = hashTask(request.body.password)
      return encodeHash(task, await pool.run(task))
    }
  },
}
