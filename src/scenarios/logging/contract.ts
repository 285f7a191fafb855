/**
 * What both logging variants must do: write `lines` log lines (JSON, ~200 bytes each) for one
 * request to the variant's own log file, and lose none of them on a clean shutdown. They differ
 * only in pino's destination: a write(2) per line on the event loop, or a buffer written in the
 * background.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../errors.js'

export const loggingSchema = {
  querystring: z.object({ lines: z.coerce.number().int().min(1).max(1_000).default(20) }),
  response: { 200: z.object({ lines: z.number().int() }), '4xx': errorReplySchema, '5xx': errorReplySchema },
}
