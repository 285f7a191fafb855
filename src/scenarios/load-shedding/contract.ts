/**
 * What both load-shedding variants must do: hash the password with scrypt and a fresh random
 * salt (hashing/password-hashing.ts), and answer the encoded hash.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../errors.js'

export const passwordHashSchema = {
  body: z.object({ password: z.string().min(8).max(128) }),
  response: {
    200: z.object({ hash: z.string() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
