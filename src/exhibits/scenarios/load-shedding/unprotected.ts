/**
 * THE MISTAKE: a server with no notion of "too busy". The handler blocks the loop
 * (scryptSync, ~20 ms: blocking-hash.ts); under more load than it can take, every request is accepted,
 * queues behind the blocked loop and waits seconds, often past the client's timeout: work done
 * for nobody, and everyone served late.
 * Bench: p50 and p99 in seconds, timeouts.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { blockingHash } from './blocking-hash.js'
import type { passwordHashSchema } from './contract.js'

export const unprotected: Variant<typeof passwordHashSchema> = {
  role: 'naive',
  summary: 'a blocking handler with no load shedding: overload becomes seconds of latency',
  createHandler: () => blockingHash,
}
