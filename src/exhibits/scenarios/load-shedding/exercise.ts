/**
 * EXERCISE: a copy of `unprotected.ts`, the mistake, for you to fix. The goal: answer 503 +
 * Retry-After at once while the event loop is saturated, instead of accepting every request. Keep
 * the contract (the same status and body for the same request). Check it:
 * `npm run verify -- load-shedding` runs the claims of `under-pressure` (the model answer,
 * `under-pressure.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { blockingHash } from './blocking-hash.js'
import type { passwordHashSchema } from './contract.js'

export const exercise: Variant<typeof passwordHashSchema> = {
  role: 'naive',
  summary: 'a blocking handler with no load shedding: overload becomes seconds of latency',
  createHandler: () => blockingHash,
}
