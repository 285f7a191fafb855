/**
 * What every serialization variant must do: answer the first `limit` orders (up to all 100,000 of
 * them) as one JSON document, queried for each request: the whole job, as the article's figures
 * time it. The variants differ in who turns the rows into JSON and how: JSON.stringify, zod then
 * JSON.stringify, a compiled schema, or Postgres itself. (Serialisation alone, without the query
 * and HTTP, is the bench's serialization micro-benchmark.)
 */
import { z } from 'zod'
import { SEED_ORDERS } from '../../../db/seed.js'
import { errorReplySchema } from '../../../errors.js'
import { orderRow } from '../../../db/orders-rows.js'

export const orderListReply = z.object({ orders: z.array(orderRow) })

export const orderListSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(100),
  }),
  response: { 200: orderListReply, '4xx': errorReplySchema, '5xx': errorReplySchema },
}
