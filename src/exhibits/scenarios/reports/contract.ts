/**
 * What both report variants accept: POST a report request (the first `rows` orders as CSV), with
 * an optional Idempotency-Key. Inline answers 200 when the report is built; offloaded answers 202
 * at once, with where to watch the job. Both make the same file under the same id.
 */
import { z } from 'zod'
import { errorReplySchema } from '../../../errors.js'
import { reportRequest, reportResult } from '../../../jobs/report-job.js'

export const reportsSchema = {
  body: reportRequest,
  headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
  response: {
    200: z.object({ id: z.string(), state: z.literal('completed'), result: reportResult.extend({ url: z.string() }) }),
    202: z.object({ id: z.string(), state: z.string(), location: z.string() }),
    '4xx': errorReplySchema,
    '5xx': errorReplySchema,
  },
}
