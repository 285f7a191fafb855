/**
 * EXERCISE: a copy of `blocking.ts`, the mistake, for you to fix. The goal: call the upstream
 * without holding the event loop: N concurrent calls should take about one delay, and /health
 * should answer meanwhile. Keep the contract (the same status and body for the same request).
 * Check it: `npm run verify -- outbound-http` runs the claims of `pooled` (the model answer,
 * `pooled.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { openSyncHttp } from '../../scenario-kit/sync-calls/sync-http.js'
import { delayPath, toDelayReply } from '../../upstream/calls.js'
import type { outboundHttpSchema } from './contract.js'

export const exercise: Variant<typeof outboundHttpSchema> = {
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
