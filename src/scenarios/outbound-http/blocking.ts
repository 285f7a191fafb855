/**
 * THE MISTAKE: a synchronous HTTP call inside the handler, the Node twin of `requests.get()` inside
 * `async def`. The call is made by a worker thread while the main thread sleeps in Atomics.wait
 * (sync-calls/sync-call.ts), so for the whole round trip the event loop serves nothing: not this
 * route, not /health, not anything.
 * With upstream latency L the whole server does at most 1 ÷ L req/s, whatever the concurrency.
 * Bench: req/s ≈ 1 ÷ L, p50 ≈ connections × L, event-loop delay ≈ L and more.
 */
import { UpstreamTimeoutError } from '../../errors.js'
import { toUpstreamError, upstreamTimeouts } from '../../plugins/upstream-client.js'
import type { Variant } from '../scenario.js'
import { SyncCallTimeoutError, createSyncCaller } from '../sync-calls/sync-call.js'
import { delayPath, toReply, type outboundHttpSchema } from './contract.js'

export const blocking: Variant<typeof outboundHttpSchema> = {
  name: 'blocking',
  role: 'naive',
  summary: 'synchronous HTTP call: the event loop waits for the whole round trip',
  createHandler: (app) => {
    const { url, timeoutMs } = app.config.upstream
    const http = createSyncCaller<string, { statusCode: number; text: string }>(
      new URL('../sync-calls/http-worker.mjs', import.meta.url),
      { url, timeouts: upstreamTimeouts(timeoutMs) },
      // The worker's own timeouts fire first; the extra second only guards against a dead worker.
      timeoutMs + 1_000,
    )
    app.addHook('onClose', () => http.close())

    return async (request) => {
      const path = delayPath(request.query.delayMs)
      try {
        const { statusCode, text } = http.call(path)
        return toReply(path, statusCode, text)
      } catch (err) {
        throw err instanceof SyncCallTimeoutError ? new UpstreamTimeoutError(path, timeoutMs) : toUpstreamError(err, path, timeoutMs)
      }
    }
  },
}
