/**
 * What both variants must do: quote a customer's discount, which needs one upstream call (think
 * a loyalty service) that takes the upstream's delay. Only where the per-request state lives
 * differs: in a shared singleton, or in the request.
 */
import { z } from 'zod'
import { SEED_CUSTOMERS } from '../../../db/seed.js'
import { errorReplySchema } from '../../../errors.js'
import { MAX_DELAY_MS } from '../../upstream/calls.js'

export const quoteSchema = {
  querystring: z.object({
    customerId: z.coerce.number().int().min(1).max(SEED_CUSTOMERS),
    delayMs: z.coerce.number().int().min(0).max(MAX_DELAY_MS).optional(),
  }),
  response: {
    200: z.object({ customerId: z.number().int(), discountPct: z.number().int(), upstreamDelayMs: z.number().int() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export type Quote = z.infer<(typeof quoteSchema.response)[200]>
