/**
 * THE MISTAKE: three independent calls awaited one after another. Nothing blocks, and each line
 * looks innocent, but the second call does not start until the first has answered: the page
 * takes the sum of the latencies (3 × L) instead of the longest one.
 * Bench: p50 ≈ 3 × upstream delay, req/s ≈ connections ÷ (3 × L).
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { callPart } from './call-part.js'
import type { fanOutSchema } from './contract.js'

export const sequential: Variant<typeof fanOutSchema> = {
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
