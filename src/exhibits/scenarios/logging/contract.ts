/**
 * What both logging variants must do: write `lines` log lines (JSON, ~200 bytes each) for one
 * request to the scenario's destination (a file per variant, or LOGGING_DESTINATION, e.g. a pipe
 * to a log shipper), and lose none of them on a clean shutdown. They differ only in how a line
 * reaches it: a write(2) per line on the event loop, or a bounded buffer written off the loop.
 * The reply says how many lines the destination has dropped: never, for the synchronous one (it
 * blocks instead); for the buffered one, only when its consumer fell so far behind that its
 * buffer was full.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'

export const loggingSchema = {
  querystring: z.object({ lines: z.coerce.number().int().min(1).max(1_000).default(20) }),
  response: {
    200: z.object({
      lines: z.number().int(),
      /** Lines this process's destination has dropped since it opened: a counter to alert on. */
      droppedLines: z.number().int(),
    }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
