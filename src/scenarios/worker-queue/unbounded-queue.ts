/**
 * THE MISTAKE: a worker pool whose queue has no limit. Under overload every request is accepted
 * and waits its turn: latency grows with the backlog, the backlog with the overload, and tasks of
 * clients that timed out long ago still run, ahead of the clients still waiting.
 * Bench (more clients than the cores can serve): p50 and p99 are queue time; no request refused.
 */
import type { Variant } from '../scenario.js'
import type { passwordHashSchema } from '../password-hash/contract.js'
import { hashInPool } from '../password-hash/hash-pool.js'

export const unboundedQueue: Variant<typeof passwordHashSchema> = {
  name: 'unbounded-queue',
  role: 'naive',
  summary: 'worker pool, unlimited queue: overload becomes latency, abandoned tasks still run',
  createHandler: (app) => hashInPool(app, { bounded: false }),
}
