/**
 * The report queue's HTTP face: enqueue a report (POST /jobs/reports: 202 + Location at once, the
 * same job again for the same Idempotency-Key), a job's state (GET /jobs/:id), the dead-letter
 * queue and its re-drive, the counts an operator or the bench reads (GET /jobs/metrics), and
 * finished reports (GET /reports/results/:file).
 */
import { createReadStream } from 'node:fs'
import { access } from 'node:fs/promises'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { JobNotFoundError, ReportFileNotFoundError, errorReplySchema } from '../errors.js'
import { queueSummary } from '../plugins/report-queue.js'
import { reportsDir } from './build-report.js'
import { reportRequest, reportResult, resultUrl } from './report-job.js'

const jobId = z.string().regex(/^[\w-]{1,64}$/, 'a job id: letters, digits, - and _')
const errors = { '4xx': errorReplySchema, '5xx': errorReplySchema }

const jobReply = z.object({
  id: z.string(),
  /** BullMQ's states, plus `dead-lettered` once every attempt has failed. */
  state: z.string(),
  /** 0 to 100 while active. */
  progress: z.number(),
  attemptsMade: z.number().int(),
  attempts: z.number().int(),
  failedReason: z.string().nullable(),
  /** Where the report is, once done. */
  result: reportResult.extend({ url: z.string() }).nullable(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  /** What the worker logged on the job: one line per attempt. */
  log: z.array(z.string()),
})

const deadLetterReply = z.object({
  jobs: z.array(
    z.object({
      id: z.string(),
      failedReason: z.string(),
      attemptsMade: z.number().int(),
      failedAt: z.number(),
      request: z.unknown().describe('the job data as enqueued'),
    }),
  ),
})

const metricsReply = z.object({
  waiting: z.number().int(),
  active: z.number().int(),
  delayed: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  deadLettered: z.number().int(),
  workers: z.number().int(),
  /** Unfinished jobs (waiting, delayed, active) against the admission bound (REPORT_MAX_BACKLOG). */
  backlog: z.number().int(),
  maxBacklog: z.number().int(),
  /**
   * Jobs finished since the queue began, counted by the workers (BullMQ metrics): counters, unlike
   * `completed` above, which loses jobs as they expire. Their rate is the workers' throughput.
   */
  finishedTotal: z.object({ completed: z.number().int(), failed: z.number().int() }),
  /** Jobs wait and none is active: no worker is taking jobs (or none runs). Alert on it. */
  stuck: z.boolean(),
})

async function jobRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()

  app.post(
    '/jobs/reports',
    {
      schema: {
        body: reportRequest,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
        response: { 202: z.object({ id: z.string(), state: z.string(), location: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const { id, state } = await app.reports.enqueue(request.body, request.headers['idempotency-key'])
      const location = `/jobs/${id}`
      return reply.code(202).header('location', location).send({ id, state, location })
    },
  )

  app.get('/jobs/metrics', { schema: { response: { 200: metricsReply, ...errors } } }, async () => {
    const [c, finishedTotal] = await Promise.all([app.reports.counts(), app.reports.finished()])
    const { waiting, active, ...rest } = queueSummary(c)
    return {
      ...rest,
      waiting,
      active,
      maxBacklog: app.config.reports.maxBacklog,
      finishedTotal,
      stuck: waiting > 0 && active === 0,
    }
  })

  app.get('/jobs/dead-letter', { schema: { response: { 200: deadLetterReply, ...errors } } }, async () => ({
    jobs: (await app.reports.deadLetters()).map((j) => ({ id: j.id!, ...j.data })),
  }))

  app.post(
    '/jobs/dead-letter/:id/redrive',
    {
      schema: {
        params: z.object({ id: jobId }),
        response: { 202: z.object({ id: z.string(), location: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const id = await app.reports.redrive(request.params.id)
      if (!id) throw new JobNotFoundError(`${request.params.id} in the dead-letter queue`)
      return reply
        .code(202)
        .header('location', `/jobs/${id}`)
        .send({ id, location: `/jobs/${id}` })
    },
  )

  app.get(
    '/jobs/:id',
    { schema: { params: z.object({ id: jobId }), response: { 200: jobReply, ...errors } } },
    async (request) => {
      const found = await app.reports.find(request.params.id)
      if (!found) throw new JobNotFoundError(request.params.id)
      if ('deadLetter' in found) {
        const { id, data, timestamp } = found.deadLetter
        return {
          id: id!,
          state: 'dead-lettered',
          progress: 0,
          attemptsMade: data.attemptsMade,
          attempts: data.attemptsMade,
          failedReason: data.failedReason,
          result: null,
          createdAt: timestamp,
          finishedAt: data.failedAt,
          log: [],
        }
      }
      const { job, state } = found
      const result =
        state === 'completed' && job.returnvalue ? { ...job.returnvalue, url: resultUrl(job.returnvalue.file) } : null
      return {
        id: job.id!,
        state,
        progress: typeof job.progress === 'number' ? job.progress : 0,
        attemptsMade: job.attemptsMade,
        attempts: job.opts.attempts ?? 1,
        failedReason: job.failedReason || null,
        result,
        createdAt: job.timestamp,
        finishedAt: job.finishedOn ?? null,
        log: await app.reports.log(job.id!),
      }
    },
  )

  app.get(
    '/reports/results/:file',
    {
      schema: {
        params: z.object({ file: z.string().regex(/^[\w-]{1,64}\.csv$/, 'a report file name') }),
        response: { 200: z.unknown(), ...errors },
      },
    },
    async (request, reply) => {
      const path = join(reportsDir(app.config.filesDir), request.params.file)
      // Only complete reports have this name (they are renamed into place when done).
      await access(path).catch(() => {
        throw new ReportFileNotFoundError(request.params.file)
      })
      return reply.type('text/csv; charset=utf-8').send(createReadStream(path))
    },
  )
}

export default fp(jobRoutes, { name: 'job-routes', fastify: '5.x', dependencies: ['report-queue'] })
