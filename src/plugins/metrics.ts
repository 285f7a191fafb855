/**
 * GET /metrics, in Prometheus' text format (prom-client): what an operator needs to see the blind
 * spots in production, where there is no bench. A blocked loop shows as event-loop delay and
 * utilisation; a saturated pool as connections in use at its size, requests waiting and refused;
 * a queue that falls behind as its backlog against its bound; a slow route as its duration
 * histogram; jobs that wait long for a worker as the report jobs' wait time. Other plugins add
 * their own series to `app.metrics` (one registry per app, so apps built side by side in tests do
 * not share counters).
 */
import type { FastifyInstance, onResponseHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { RequestDurations } from './request-durations.js'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import { z } from 'zod'
import { errorReplySchema } from '../errors.js'
import { queueSummary } from './report-queue.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
    /** Times a request no route matched: for the not-found handler's own hooks (not-found.ts). */
    timeUnmatchedRequest: onResponseHookHandler
  }
}

/**
 * The job-time series' samples: for each phase, the p50 and p99 of the jobs' times in seconds, each
 * a time one job took (the nearest rank below, not an interpolation).
 */
export function jobTimeQuantiles(
  times: ReadonlyArray<{ readonly waitMs: number; readonly totalMs: number }>,
): Array<{ phase: 'wait' | 'total'; quantile: string; seconds: number }> {
  if (times.length === 0) return []
  return (['wait', 'total'] as const).flatMap((phase) => {
    const sorted = times.map((t) => (phase === 'wait' ? t.waitMs : t.totalMs)).sort((a, b) => a - b)
    return [0.5, 0.99].map((q) => ({
      phase,
      quantile: String(q),
      seconds: sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1000,
    }))
  })
}

/** Seconds: from a cached answer (1 ms) to a report built inline (seconds). */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

async function metricsPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const registry = new Registry()
  // Event-loop delay (p50/p90/p99/max over the scrape interval, 10 ms resolution), heap, GC,
  // active handles and requests: prom-client's own set, under its standard names.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 })

  let lastElu = performance.eventLoopUtilization()
  new Gauge({
    name: 'nodejs_eventloop_utilization_ratio',
    help: 'Share of the time since the previous scrape the event loop spent running code (0 to 1): near 1, the process cannot take more work.',
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization()
      this.set(performance.eventLoopUtilization(now, lastElu).utilization)
      lastElu = now
    },
  })

  const requestDurations = new RequestDurations(
    'http_request_duration_seconds',
    'Time from receiving a request to sending its reply, by route pattern and status.',
    DURATION_BUCKETS,
    registry,
  )
  // The route's pattern, not its URL: /orders/:id is one series, not one per id. Taken once, when
  // the route is added, into a hook of its own: `request.routeOptions` builds an object on every
  // call, as much CPU as the rest of the timing together. Callback hooks: an async one costs a
  // promise on every request.
  const timing = (route: string): onResponseHookHandler => {
    const record = requestDurations.forRoute(route)
    return (request, reply, done) => {
      record(request.method, reply.statusCode, reply.elapsedTime / 1000)
      done()
    }
  }
  app.addHook('onRoute', (route) => {
    route.onResponse = [...[route.onResponse ?? []].flat(), timing(route.url)]
  })
  // A request no route matched has no route hooks: this one is the not-found handler's.
  app.decorate('timeUnmatchedRequest', timing('unmatched'))

  const gate = app.dbGate
  new Gauge({
    name: 'blindspots_db_pool_size',
    help: 'Connections in the API database pool (DB_POOL_SIZE).',
    registers: [registry],
    collect() {
      this.set(gate.size)
    },
  })
  new Gauge({
    name: 'blindspots_db_gate_in_use',
    help: 'Pool connections held by requests now: at the pool size, new queries wait.',
    registers: [registry],
    collect() {
      this.set(gate.inUse)
    },
  })
  new Gauge({
    name: 'blindspots_db_gate_waiting',
    help: 'Requests waiting for a pool connection now.',
    registers: [registry],
    collect() {
      this.set(gate.waiting)
    },
  })
  new Counter({
    name: 'blindspots_db_gate_rejected_total',
    help: 'Requests refused with 503 after waiting DB_ACQUIRE_TIMEOUT_MS for a connection.',
    registers: [registry],
    collect() {
      this.reset()
      this.inc(gate.rejected)
    },
  })

  // One read of the queue per scrape, shared by the series below (they collect concurrently).
  let reading: Promise<Record<string, number> | null> | undefined
  const queueCounts = () =>
    (reading ??= app.reports
      .counts()
      .catch(() => null)
      .finally(() => setImmediate(() => (reading = undefined))))
  new Gauge({
    name: 'blindspots_report_queue_up',
    help: '1 when the report queue answered this scrape, 0 when Redis did not (its job series are then absent).',
    registers: [registry],
    async collect() {
      this.set((await queueCounts()) ? 1 : 0)
    },
  })
  new Gauge({
    name: 'blindspots_report_queue_jobs',
    help: 'Report jobs by state (waiting, active, delayed, failed, dead_lettered) and the backlog the admission bound counts.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const c = await queueCounts()
      this.reset()
      if (!c) return
      const { waiting, active, delayed, failed, deadLettered, backlog } = queueSummary(c)
      for (const [state, jobs] of Object.entries({
        waiting,
        active,
        delayed,
        failed,
        dead_lettered: deadLettered,
        backlog,
      }))
        this.set({ state }, jobs)
    },
  })
  new Counter({
    name: 'blindspots_report_jobs_finished_total',
    help: 'Report jobs finished for good, by outcome (completed, failed: every attempt used or input no attempt can fix): the failure rate is failed over both.',
    labelNames: ['outcome'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      const finished = await app.reports.finished().catch(() => null)
      if (!finished) return
      this.inc({ outcome: 'completed' }, finished.completed)
      this.inc({ outcome: 'failed' }, finished.failed)
    },
  })
  const RECENT_JOBS = 100
  new Gauge({
    name: 'blindspots_report_job_seconds',
    help: `Of the last ${RECENT_JOBS} completed report jobs: time from enqueue to a worker starting it (phase="wait") and to completion (phase="total"), by quantile. Wait growing while total does not: too few workers.`,
    labelNames: ['phase', 'quantile'] as const,
    registers: [registry],
    async collect() {
      this.reset()
      const times = await app.reports.recentTimes(RECENT_JOBS).catch(() => [])
      for (const { phase, quantile, seconds } of jobTimeQuantiles(times)) this.set({ phase, quantile }, seconds)
    },
  })
  new Gauge({
    name: 'blindspots_report_queue_max_backlog',
    help: 'The admission bound (REPORT_MAX_BACKLOG).',
    registers: [registry],
    collect() {
      this.set(app.config.reports.maxBacklog)
    },
  })

  app.decorate('metrics', registry)

  app.get(
    '/metrics',
    {
      schema: {
        response: {
          200: z.string().describe('Prometheus text exposition format'),
          '4xx': errorReplySchema,
          '5xx': errorReplySchema,
        },
      },
    },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  )
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x', dependencies: ['db', 'report-queue'] })
