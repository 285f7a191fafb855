/**
 * NO CONTRACT ON THE WAY OUT: hand the rows to `JSON.stringify` and send the string. On this
 * payload V8's native JSON.stringify is the fastest of the JavaScript serialisers (measured: see the bench table),
 * so speed is not its problem. Its problem is that it sends whatever the object holds: add a
 * column to the query (a password hash, an internal note) and it leaks, with no schema to stop it.
 * Bench: the most req/s of the three JavaScript serialisers; nothing checked, nothing stripped.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { orderListSchema } from './contract.js'
import { firstOrders, sendJsonText } from './order-list.js'

export const jsonStringify: Variant<typeof orderListSchema> = {
  role: 'naive',
  summary: 'JSON.stringify of the whole result: fast, but no schema on the way out',
  createHandler: (app) => async (request, reply) => {
    const orders = await firstOrders(app, request.query.limit)
    // A string payload bypasses Fastify's serializer: this is plain JSON.stringify.
    // eslint-disable-next-line blindspots/no-stringify-in-handler -- the blind spot
    return sendJsonText(reply, JSON.stringify({ orders }))
  },
}
