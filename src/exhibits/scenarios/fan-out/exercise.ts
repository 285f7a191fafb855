/**
 * EXERCISE: a copy of `sequential.ts`, the mistake, for you to fix. The goal: make the three
 * independent calls at once, so the route costs about one delay instead of three, and a failing
 * call still gives the same 502. Keep the contract (the same status and body for the same
 * request). Check it: `npm run verify -- fan-out` runs the claims of `concurrent` (the model
 * answer, `concurrent.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { callPart } from './call-part.js'
import type { fanOutSchema } from './contract.js'

export const exercise: Variant<typeof fanOutSchema> = {
  role: 'naive',
  summary: 'three independent upstream calls awaited one after another',
  createHandler: (app) => {
    const { timeoutMs } = app.config.upstream
    return async (request) => {
      const profile = await callPart(app.upstream, 'profile', request.query, timeoutMs)
      // eslint-disable-next-line blindspots/no-sequential-awaits -- the blind spot
      const orders = await callPart(app.upstream, 'orders', request.query, timeoutMs)
      // eslint-disable-next-line blindspots/no-sequential-awaits -- the blind spot
      const recommendations = await callPart(app.upstream, 'recommendations', request.query, timeoutMs)
      return { profile, orders, recommendations }
    }
  },
}
