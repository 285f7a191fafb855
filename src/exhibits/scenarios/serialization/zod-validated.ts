/**
 * A COMMON WAY WITH ZOD: validate the reply with zod on the way out, then `JSON.stringify` it.
 * That is what fastify-type-provider-zod's own serializerCompiler does for every response (a full
 * zod pass, then JSON.stringify): a second walk over every row, on the event loop.
 * Bench: the slowest of the three on large lists.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import { orderListReply, type orderListSchema } from './contract.js'
import { firstOrders, sendJsonText } from './order-list.js'

export const zodValidated: Variant<typeof orderListSchema> = {
  role: 'naive',
  summary: 'every row validated by zod on the way out, then JSON.stringify',
  createHandler: (app) => async (request, reply) => {
    const orders = await firstOrders(app, request.query.limit)
    const checked = orderListReply.parse({ orders })
    // eslint-disable-next-line blindspots/no-stringify-in-handler -- the blind spot
    return sendJsonText(reply, JSON.stringify(checked))
  },
}
