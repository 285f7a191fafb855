/**
 * THE FIX: an async call through one undici Pool created at start-up (plugins/upstream-client.ts):
 * keep-alive sockets are reused, their number is capped, every call has headers/body timeouts.
 * While a call waits on the network the event loop serves other requests, so with C concurrent
 * clients and an upstream latency L the route approaches C ÷ L req/s (Little's law).
 * Bench: req/s near the ceiling, p50 ≈ L, event-loop delay near zero.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { getDelay } from '../../upstream/calls.js'
import type { outboundHttpSchema } from './contract.js'

export const pooled: Variant<typeof outboundHttpSchema> = {
  role: 'optimized',
  summary: 'async undici Pool, created once: keep-alive, capped sockets, timeouts',
  createHandler: (app) => {
    const { timeoutMs } = app.config.upstream
    return async (request) => getDelay(app.upstream, request.query.delayMs, timeoutMs)
  },
}
