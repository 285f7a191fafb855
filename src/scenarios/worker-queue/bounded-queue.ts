/**
 * THE FIX: the same pool with a bounded queue (two waiting tasks per thread) and abandoned tasks
 * removed. Past the bound the answer is an immediate 503 with Retry-After: the client can back
 * off or go elsewhere, and the requests that are accepted keep the latency of a lightly loaded
 * server. (The article's ThreadPoolExecutor with a bounded queue and a rejection policy.)
 * Bench: many fast 503s; the 200s' p99 stays near a few hash times.
 */
import type { Variant } from '../scenario.js'
import type { passwordHashSchema } from '../password-hash/contract.js'
import { hashInPool } from '../password-hash/hash-pool.js'

export const boundedQueue: Variant<typeof passwordHashSchema> = {
  name: 'bounded-queue',
  role: 'optimized',
  summary: 'worker pool, bounded queue: 503 + Retry-After at once when full',
  createHandler: (app) => hashInPool(app, { bounded: true }),
}
