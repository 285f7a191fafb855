/**
 * THE MISTAKE: one QuoteService instance for the whole app that keeps the request it is working
 * on in its own fields. Two concurrent requests would overwrite each other's state across the
 * `await`, so someone "fixes" the race with a lock around the whole call, and now every request
 * waits for the one before it: the article's singleton that makes coroutines run one at a time.
 * Bench: req/s ≈ 1 ÷ L whatever the concurrency; the event loop is idle, the lock is the queue.
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

export const locked: Variant<typeof quoteSchema> = {
  role: 'naive',
  summary: 'a shared service keeps per-request state and a lock to protect it',
  createHandler: (app) => {
    const service = new QuoteService(app.upstream, app.config.upstream.timeoutMs)
    return async (request) => service.quote(request.query.customerId, request.query.delayMs)
  },
}
