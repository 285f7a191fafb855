/**
 * What both export variants must do: send the first `limit` orders (by default all 100,000) as
 * NDJSON (one order per line) or CSV (a header, then one order per line), in the forms of
 * db/order-formats.ts. Same bytes either way; the variants differ in what sits in memory
 * meanwhile and in when the first byte leaves.
 */
import { z } from 'zod'
import { EXPORT_FORMATS } from '../../../db/order-formats.js'
import { SEED_ORDERS } from '../../../db/seed.js'
import { errorReplySchema } from '../../../errors.js'

export const exportSchema = {
  querystring: z.object({
    limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(SEED_ORDERS),
    format: z.enum(EXPORT_FORMATS).default('ndjson'),
  }),
  response: {
    200: z
      .unknown()
      .describe('application/x-ndjson (one order per line) or text/csv (header, then one order per line)'),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
