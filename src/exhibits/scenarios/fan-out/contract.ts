/**
 * What both fan-out variants must do: call three independent upstream endpoints (think profile,
 * orders and recommendations for one page) and answer all three results, or a 502 that names the
 * call that failed. `fail` makes one of the calls fail on purpose, to exercise that path.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { MAX_DELAY_MS } from '../../upstream/calls.js'

export const PARTS = ['profile', 'orders', 'recommendations'] as const
export type Part = (typeof PARTS)[number]

const partReply = z.object({ upstreamDelayMs: z.number().int() })

export const fanOutSchema = {
  querystring: z.object({
    delayMs: z.coerce.number().int().min(0).max(MAX_DELAY_MS).optional(),
    fail: z.enum(PARTS).optional().describe('make this call fail (the upstream answers 503)'),
  }),
  response: {
    200: z.object({ profile: partReply, orders: partReply, recommendations: partReply }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}

export type FanOutQuery = z.infer<typeof fanOutSchema.querystring>
export type FanOutReply = z.infer<(typeof fanOutSchema.response)[200]>
