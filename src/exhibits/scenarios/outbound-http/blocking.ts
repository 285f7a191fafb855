/**
 * THE MISTAKE: a synchronous HTTP call inside the handler, the Node twin of `requests.get()` inside
 * `async def`. The call is made by a worker thread while the main thread sleeps in Atomics.wait
 * (scenario-kit/sync-calls), so for the whole round trip the event loop serves nothing: not this
 * route, not /health, not anything.
 * With upstream latency L the whole server does at most 1 ÷ L req/s, whatever the concurrency.
 * Bench: req/s ≈ 1 ÷ L, p50 ≈ connections × L, event-loop delay ≈ L and more.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { openSyncHttp } from '../../scenario-kit/sync-calls/sync-http.js'
import { delayPath, toDelayReply } from '../../upstream/calls.js'
import type { outboundHttpSchema } from './contract.js'

export const blocking: Variant<typeof outboundHttpSchema> = {
  role: 'naive',
  summary: 'synchronous HTTP call: the event loop waits for the whole round trip',
  createHandler: (app) => {
    const { url, timeoutMs } = app.config.upstream
    const syncHttp = openSyncHttp(url, timeoutMs)
    app.addHook('onClose', () => syncHttp.close())

    return async (request) => {
      const path = delayPath(request.query.delayMs)
      // eslint-disable-next-line blindspots/no-sync-on-request-path -- the blind spot
      const { statusCode, text } = syncHttp.get(path)
      return toDelayReply(path, statusCode, text)
    }
  },
}
