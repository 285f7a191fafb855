/**
 * EXERCISE: a copy of `unbounded-queue.ts`, the mistake, for you to fix. The goal: bound the line
 * in front of the hashing threads: under overload the surplus gets 503 + Retry-After at once and
 * p99 stays near unloaded. Keep the contract (the same status and body for the same request).
 * Check it: `npm run verify -- worker-queue` runs the claims of `bounded-queue` (the model answer,
 * `bounded-queue.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import { openHashThreads } from '../../hashing/hash-threads.js'
import { encodeHash, hashTask } from '../../hashing/password-hashing.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { passwordHashSchema } from './contract.js'

export const exercise: Variant<typeof passwordHashSchema> = {
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
