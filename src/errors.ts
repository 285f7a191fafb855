/**
 * The error catalogue: every error the app throws on purpose is declared here once, with its
 * code and status. Code throws; the error handler (plugins/error-handler.ts) answers.
 */
import createError from '@fastify/error'
import { z } from 'zod'

export const DbPoolTimeoutError = createError(
  'BS_DB_POOL_TIMEOUT',
  'No database connection became free within %d ms; try again shortly',
  503,
)
export const DatabaseUnavailableError = createError(
  'BS_DB_UNAVAILABLE',
  'The database is unreachable (%s); try again shortly',
  503,
)
export const DatabaseBusyError = createError(
  'BS_DB_BUSY',
  'The database did not finish the query within its statement timeout; try again shortly',
  503,
)

export const OrderNotFoundError = createError('BS_ORDER_NOT_FOUND', 'No order with id %d', 404)

export const QueueUnavailableError = createError(
  'BS_QUEUE_UNAVAILABLE',
  'The job queue is unreachable (%s); try again shortly',
  503,
)
export const QueueFullError = createError(
  'BS_QUEUE_FULL',
  'The report queue already holds %d unfinished jobs, its bound; try again later',
  503,
)
export const JobNotFoundError = createError('BS_JOB_NOT_FOUND', 'No job %s (finished jobs expire)', 404)
export const ReportFileNotFoundError = createError('BS_REPORT_NOT_FOUND', 'No report %s (reports expire)', 404)
export const ReportStorageError = createError(
  'BS_REPORT_STORAGE',
  'Reports cannot be written now (%s); try again later',
  503,
)

// exhibit:start (the scenarios' own errors; npm run template:strip removes them)
export const UpstreamTimeoutError = createError('BS_UPSTREAM_TIMEOUT', 'Upstream did not answer %s within %d ms', 504)
export const UpstreamUnavailableError = createError('BS_UPSTREAM_UNAVAILABLE', 'Upstream request %s failed: %s', 502)
export const UpstreamBadStatusError = createError('BS_UPSTREAM_BAD_STATUS', 'Upstream answered %s with status %d', 502)
export const UpstreamBadBodyError = createError(
  'BS_UPSTREAM_BAD_BODY',
  'Upstream answered %s with a body we cannot read',
  502,
)
export const FanOutPartFailedError = createError('BS_FAN_OUT_PART_FAILED', 'The %s call failed: %s', 502)
export const FanOutPartTimeoutError = createError(
  'BS_FAN_OUT_PART_TIMEOUT',
  'The %s call did not answer within %d ms',
  504,
)
export const InvalidCursorError = createError(
  'BS_INVALID_CURSOR',
  'The cursor is not a %s cursor issued by this route; start again without one',
  400,
)
export const ProductNotFoundError = createError('BS_PRODUCT_NOT_FOUND', 'No product with id %d', 404)
export const WorkerQueueFullError = createError(
  'BS_WORKER_QUEUE_FULL',
  'All %d workers are busy and %d tasks already wait; try again shortly',
  503,
)
export const OverloadedError = createError('BS_OVERLOADED', 'The server is overloaded (%s); try again shortly', 503)
/** The client went away before its answer was ready: nobody reads this reply, the log does. */
export const ClientClosedError = createError(
  'BS_CLIENT_CLOSED',
  'The client closed the request before it was answered',
  499,
)
export const InvalidApiKeyError = createError(
  'BS_INVALID_API_KEY',
  'The x-api-key header does not hold a valid key',
  401,
)
/** The bench's event-loop window has no sample: the loop never ticked, so "no stall" cannot be told. */
export const NoLoopSamplesError = createError(
  'BS_NO_LOOP_SAMPLES',
  'The event-loop histogram has no sample in this window',
  503,
)
// exhibit:end

/** The body of every error reply, declared once so each route can name it in its schema. */
export const errorReplySchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  error: z.string(),
  message: z.string(),
})

export type ErrorReply = z.infer<typeof errorReplySchema>
