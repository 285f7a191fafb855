/**
 * THE MISTAKE: a server with no notion of "too busy". The handler is password-hash/blocking
 * (scryptSync, ~20 ms on the loop); under more load than it can take, every request is accepted,
 * queues behind the blocked loop and waits seconds, often past the client's timeout: work done
 * for nobody, and everyone served late.
 * Bench: p50 and p99 in seconds, timeouts.
 */
import { blocking } from '../password-hash/blocking.js'
import type { passwordHashSchema } from '../password-hash/contract.js'
import type { Variant } from '../scenario.js'

export const unprotected: Variant<typeof passwordHashSchema> = {
  name: 'unprotected',
  role: 'naive',
  summary: 'a blocking handler with no load shedding: overload becomes seconds of latency',
  createHandler: (app) => blocking.createHandler(app),
}
