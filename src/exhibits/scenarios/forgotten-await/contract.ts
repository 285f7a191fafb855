/**
 * What both variants claim to do: record an audit event in Postgres and answer 201. Only one of
 * them does.
 */
import { z } from 'zod'
import { storableText } from '../../../db/storable-text.js'
import { errorReplySchema } from '../../../errors.js'

export const auditSchema = {
  body: z.object({ event: storableText({ min: 1, max: 200 }) }),
  response: {
    201: z.object({ recorded: z.literal(true) }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
