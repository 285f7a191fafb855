/**
 * What both pagination variants must do: the orders newest first, `limit` at a time (at most 500),
 * with an opaque cursor to the next page (null on the last). Walking all pages of either variant
 * yields every order exactly once, in the same order; only the cursor's content differs.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { orderRow } from '../../../db/orders-rows.js'

export const MAX_PAGE = 500

export const pageSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
    cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
  }),
  response: {
    200: z.object({ orders: z.array(orderRow), nextCursor: z.string().nullable() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
