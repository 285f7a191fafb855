/**
 * What both hook variants must do: serve a small reply to callers with a valid API key
 * (`x-api-key`), refuse others with 401. The key is checked against its scrypt hash (api-keys.ts),
 * ~10 ms of CPU a check. Where and how often that check runs is the lesson.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'

export const hooksSchema = {
  headers: z.object({ 'x-api-key': z.string().min(1).max(256) }),
  response: {
    200: z.object({ ok: z.literal(true), checkedBy: z.string() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
