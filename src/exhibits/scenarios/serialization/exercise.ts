/**
 * EXERCISE: a copy of `json-stringify.ts`, the mistake, for you to fix. The goal: let the route
 * serialise through its declared response schema: faster, and a field the contract does not
 * declare never leaks. Keep the contract (the same status and body for the same request). Check
 * it: `npm run verify -- serialization` runs the claims of `compiled` (the model answer,
 * `compiled.ts`) against this file and benches it between the two. Try it by hand:
 * `WORKSHOP=true npm run demo`, then the scenario's path + `/exercise`. The lesson (README.md in this
 * folder) explains why.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { orderListSchema } from './contract.js'
import { firstOrders, sendJsonText } from './order-list.js'

export const exercise: Variant<typeof orderListSchema> = {
  role: 'naive',
  summary: 'JSON.stringify of the whole result: fast, but no schema on the way out',
  createHandler: (app) => async (request, reply) => {
    const orders = await firstOrders(app, request.query.limit)
    // A string payload bypasses Fastify's serializer: this is plain JSON.stringify.
    // eslint-disable-next-line blindspots/no-stringify-in-handler -- the blind spot
    return sendJsonText(reply, JSON.stringify({ orders }))
  },
}
