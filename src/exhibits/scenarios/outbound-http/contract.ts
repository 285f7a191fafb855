/**
 * What every outbound-http variant must do, identically: call the slow upstream's `/delay`, and
 * answer `{ upstreamDelayMs }`. Only how the call is made differs between the variants.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { MAX_DELAY_MS } from '../../upstream/calls.js'

export const outboundHttpSchema = {
  querystring: z.object({
    delayMs: z.coerce
      .number()
      .int()
      .min(0)
      .max(MAX_DELAY_MS)
      .optional()
      .describe("upstream delay for this call; the upstream's default when absent"),
  }),
  response: {
    200: z.object({ upstreamDelayMs: z.number().int() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
