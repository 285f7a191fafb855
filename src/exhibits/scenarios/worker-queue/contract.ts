/**
 * What both worker-queue variants must do: hash the password with scrypt and a fresh random
 * salt (hashing/password-hashing.ts), and answer the encoded hash.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { passwordBody } from '../../hashing/password-hashing.js'

export const passwordHashSchema = {
  body: passwordBody,
  response: {
    200: z.object({ hash: z.string() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
