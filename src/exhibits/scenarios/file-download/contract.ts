/**
 * What both download variants must do: send the whole catalogue file (about 5 MB of JSON) as the
 * body, with its length. They differ in whether the file passes through memory whole.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'

export const downloadSchema = {
  response: {
    200: z.unknown().describe('the catalogue file, application/json, sent as is'),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
