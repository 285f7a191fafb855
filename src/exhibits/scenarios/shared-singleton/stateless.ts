/**
 * THE FIX: the shared service keeps no per-request state; what a request needs travels in its
 * arguments (or on the request itself, `request.<decorator>`, which Fastify creates per request).
 * Nothing to protect, so no lock, and requests overlap freely while they wait on the upstream.
 * Bench: req/s ≈ connections ÷ L.
 */
import type { Pool } from 'undici'
import { getDelay } from '../../upstream/calls.js'
import type { Variant } from '../../scenario-kit/scenario.js'
import type { Quote, quoteSchema } from './contract.js'
import { discountPct } from './discount.js'

class QuoteService {
  constructor(
    private readonly upstream: Pool,
    private readonly timeoutMs: number,
  ) {}

  async quote(customerId: number, delayMs: number | undefined): Promise<Quote> {
    const { upstreamDelayMs } = await getDelay(this.upstream, delayMs, this.timeoutMs)
    return { customerId, discountPct: discountPct(customerId), upstreamDelayMs }
  }
}

export const stateless: Variant<typeof quoteSchema> = {
  role: 'optimized',
  summary: 'the shared service keeps no per-request state, so it needs no lock',
  createHandler: (app) => {
    const service = new QuoteService(app.upstream, app.config.upstream.timeoutMs)
    return async (request) => service.quote(request.query.customerId, request.query.delayMs)
  },
}
