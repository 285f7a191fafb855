/**
 * THE USUAL WAY: hand the rows to `JSON.stringify` and send the string. It works, but it walks
 * every value generically, checking types and escaping keys it could know in advance; on a large
 * list the event loop spends most of the request here.
 * Bench: fewer req/s than compiled on the same rows; the gap grows with the row count.
 */
import type { Variant } from '../scenario.js'
import { firstOrders, sendJsonText, type orderListSchema } from './contract.js'

export const jsonStringify: Variant<typeof orderListSchema> = {
  name: 'json-stringify',
  role: 'naive',
  summary: 'JSON.stringify of the whole result, no compiled schema',
  createHandler: (app) => async (request, reply) => {
    const orders = await app.dbGate.run(() => firstOrders(app.db, request.query.limit))
    // A string payload bypasses Fastify's serializer: this is plain JSON.stringify.
    return sendJsonText(reply, JSON.stringify({ orders }))
  },
}
