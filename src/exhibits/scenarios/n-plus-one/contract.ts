/**
 * What both variants must do: the most recent orders, each with its customer's name, from the
 * seeded data. They differ in how many round trips to Postgres that takes.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'

export const recentOrdersSchema = {
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
  response: {
    200: z.object({
      orders: z.array(
        z.object({
          id: z.number().int(),
          status: z.string(),
          totalCents: z.number().int(),
          customer: z.object({ id: z.number().int(), name: z.string() }),
        }),
      ),
    }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
