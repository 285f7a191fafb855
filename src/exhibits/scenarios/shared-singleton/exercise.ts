/**
 * EXERCISE: a copy of `locked.ts`, the mistake, for you to fix. The goal: let concurrent quotes
 * overlap instead of queueing on the lock, each still getting its own customer back. Keep the
 * contract (the same status and body for the same request). Check it:
 * `npm run verify -- shared-singleton` runs the claims of `stateless` (the model answer,
 * `stateless.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import type { Pool } from 'undici'
import { getDelay } from '../../upstream/calls.js'
import { Mutex } from '../../scenario-kit/mutex.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { Quote, quoteSchema } from './contract.js'
import { discountPct } from './discount.js'

class QuoteService {
  readonly #lock = new Mutex()
  // Per-request state on a shared object: the root of the problem.
  #customerId = 0
  #upstreamDelayMs = 0

  constructor(
    private readonly upstream: Pool,
    private readonly timeoutMs: number,
  ) {}

  quote(customerId: number, delayMs: number | undefined): Promise<Quote> {
    // eslint-disable-next-line blindspots/no-shared-lock -- the blind spot
    return this.#lock.runExclusive(async () => {
      this.#customerId = customerId
      this.#upstreamDelayMs = (await getDelay(this.upstream, delayMs, this.timeoutMs)).upstreamDelayMs
      return {
        customerId: this.#customerId,
        discountPct: discountPct(this.#customerId),
        upstreamDelayMs: this.#upstreamDelayMs,
      }
    })
  }
}

export const exercise: Variant<typeof quoteSchema> = {
  role: 'naive',
  summary: 'a shared service keeps per-request state and a lock to protect it',
  createHandler: (app) => {
    const service = new QuoteService(app.upstream, app.config.upstream.timeoutMs)
    return async (request) => service.quote(request.query.customerId, request.query.delayMs)
  },
}
