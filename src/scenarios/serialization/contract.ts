/**
 * What every serialization variant must do: answer the first `limit` orders (up to all 100,000 of
 * them) as one JSON document. By default the rows come from a snapshot loaded once per app, so the
 * variants differ in one thing only, how the reply is turned into JSON; a query per request would
 * bury that difference under the database's own cost (measured here: all three at ~180 req/s for
 * 1,000 rows straight from Postgres). `source=database` queries per request instead: the bench's
 * volume table uses it to time the whole job, as the article's figures do.
 */
import { z } from 'zod'
import { SEED_ORDERS } from '../../db/seed.js'
import { errorReplySchema } from '../../errors.js'
import { orderRow } from '../../db/orders-rows.js'

export const orderListReply = z.object({ orders: z.array(orderRow) })

export const orderListSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(100),
    source: z.enum(['snapshot', 'database']).default('snapshot'),
  }),
  response: { 200: orderListReply, '4xx': errorReplySchema, '5xx': errorReplySchema },
}
