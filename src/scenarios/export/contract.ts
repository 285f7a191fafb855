/**
 * What both export variants must do: send the first `limit` orders (by default all 100,000) as
 * NDJSON, one order per line. Same bytes either way; they differ in what sits in memory meanwhile.
 */
import { z } from 'zod'
import { SEED_ORDERS } from '../../db/seed.js'
import { errorReplySchema } from '../../errors.js'
import type { OrderRow } from '../orders-rows.js'

export const exportSchema = {
  querystring: z.object({ limit: z.coerce.number().int().min(1).max(SEED_ORDERS).default(SEED_ORDERS) }),
  response: {
    200: z.unknown().describe('application/x-ndjson: one order per line'),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export const NDJSON = 'application/x-ndjson; charset=utf-8'

export function toLine({ id, customerId, status, totalCents, createdAt }: OrderRow): string {
  return `${JSON.stringify({ id, customerId, status, totalCents, createdAt })}\n`
}
