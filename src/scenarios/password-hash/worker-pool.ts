/**
 * THE FIX for CPU work: a pool of worker threads sized to the cores (piscina), apart from the
 * libuv threadpool, so hashing never starves file and DNS work, and with a bounded queue: past
 * two waiting tasks per thread the request gets 503 + Retry-After at once.
 * Bench: loop delay flat; req/s near the cores' limit (2 cores: at most 2× blocking).
 */
import type { Variant } from '../scenario.js'
import type { passwordHashSchema } from './contract.js'
import { hashInPool } from './hash-pool.js'

export const workerPool: Variant<typeof passwordHashSchema> = {
  name: 'worker-pool',
  role: 'optimized',
  summary: 'a worker-thread pool sized to the cores, bounded queue: 503 when full',
  createHandler: (app) => hashInPool(app, { bounded: true }),
}
