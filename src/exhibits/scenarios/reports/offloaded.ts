/**
 * THE FIX: validate, enqueue, answer 202 Accepted with the job id and a Location to watch it. A
 * worker process builds the report, with retries (exponential backoff, jitter) and a dead-letter
 * queue for jobs that fail every attempt; the same Idempotency-Key finds the same job. If Redis is
 * down, the answer is a quick 503 (plugins/report-queue.ts), not a hang or a lost job.
 * The queue does not build reports faster: it moves them off the request path, and bounds how
 * many may wait (REPORT_MAX_BACKLOG: then 503 + Retry-After); more workers build more.
 * Bench: at the same offered rate as inline, every request accepted in milliseconds; the reports
 * themselves at the workers' pace, with their end-to-end latency and the backlog, measured apart.
 */
import type { Variant } from '../../scenario-kit/scenario.js'
import type { reportsSchema } from './contract.js'

export const offloaded: Variant<typeof reportsSchema> = {
  role: 'optimized',
  summary: 'enqueued on BullMQ: 202 + Location at once; retries, backoff, dead-letter queue',
  createHandler: (app) => async (request, reply) => {
    const { id, state } = await app.reports.enqueue(request.body, request.headers['idempotency-key'])
    const location = `/jobs/${id}`
    return reply.code(202).header('location', location).send({ id, state, location })
  },
}
