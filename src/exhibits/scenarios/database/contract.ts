/**
 * What every database variant must do, identically: answer one customer's order count and total
 * (the query of customer-summary.ts), whose server time is `latencyMs`.
 */
import { z } from 'zod'
import { SEED_CUSTOMERS } from '../../../db/seed.js'
import { errorReplySchema } from '../../../errors.js'

export const DEFAULT_LATENCY_MS = 20

export const databaseSchema = {
  querystring: z.object({
    customerId: z.coerce.number().int().min(1).max(SEED_CUSTOMERS),
    latencyMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(1_000)
      .default(DEFAULT_LATENCY_MS)
      .describe('simulated server time of the query, in ms'),
  }),
  response: {
    200: z.object({
      customerId: z.number().int(),
      orders: z.number().int(),
      totalCents: z.number().int(),
      simulatedLatencyMs: z.number().int(),
    }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export type CustomerSummary = z.infer<(typeof databaseSchema.response)[200]>
