/**
 * What the server measures about itself during a bench run, read by the runner through two
 * internal routes that exist only when BENCH_ROUTES is on:
 *   GET  /_bench/stats  event-loop delay (a histogram: p50/p99/max, not under-pressure's average,
 *                       so one long stall shows), peak RSS and the process's CPU time (every
 *                       thread) since the last reset, and requests in flight (so the runner can
 *                       wait out a backlog a client gave up on)
 *   POST /_bench/reset  starts a new measurement window
 * The histogram is sampled by a libuv timer, so a blocked loop shows up as one huge sample when the
 * timer next fires, not before: both routes wait for timer ticks (after a reset, so the window has a
 * baseline; before a read, so a stall that has just ended is in it), and a window with no sample
 * at all is an error, never a reassuring zero.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NoLoopSamplesError, errorReplySchema } from '../../errors.js'

const errorReplies = { '4xx': errorReplySchema, '5xx': errorReplySchema }

const MS_PER_NS = 1e-6
const MS_PER_US = 1e-3
const BYTES_PER_MB = 1024 * 1024
const RESOLUTION_MS = 5
/** Ticks to wait for: the first may have been due before the stall ended; the second follows it. */
const SETTLE_TICKS = 2

/** Waits until the histogram has `ticks` more samples (bounded: a loop that never ticks is reported). */
async function settle(histogram: IntervalHistogram, ticks: number): Promise<void> {
  const target = histogram.count + ticks
  for (let i = 0; i < 200 && histogram.count < target; i++) await sleep(RESOLUTION_MS)
}

const statsReply = z.object({
  eventLoopDelayMs: z.object({
    p50: z.number(),
    p99: z.number(),
    max: z.number(),
    mean: z.number(),
    samples: z.number().int(),
  }),
  rssPeakMb: z.number(),
  rssAtResetMb: z.number(),
  rssNowMb: z.number(),
  /** User + system CPU time of the process since the reset: worker threads and libuv's pool included. */
  cpuMs: z.number(),
  inFlight: z.number().int(),
  windowMs: z.number(),
})
export type BenchStats = z.infer<typeof statsReply>

async function benchStatsPlugin(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>()
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
  histogram.enable()
  let rssPeak = process.memoryUsage.rss()
  let rssAtReset = rssPeak
  let windowStart = performance.now()
  let cpuAtReset = process.cpuUsage()
  // Requests whose handler has not answered yet, including those whose client has gone away
  // (a queue of abandoned requests would eat into the next measurement). onSend runs once per
  // request whether or not the socket is still there; onResponse would not for a vanished client.
  let inFlight = 0
  app.addHook('onRequest', (_request, _reply, done) => {
    inFlight++
    done()
  })
  app.addHook('onSend', (_request, _reply, payload, done) => {
    inFlight--
    done(null, payload)
  })
  // RSS between requests; a sample cannot run while the loop is blocked, which is fine: a blocked
  // loop allocates nothing new either.
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss())
  }, 50)
  sampler.unref()
  app.addHook('onClose', async () => {
    clearInterval(sampler)
    histogram.disable()
  })

  app.get('/_bench/stats', { schema: { response: { 200: statsReply, ...errorReplies } } }, async () => {
    await settle(histogram, SETTLE_TICKS)
    const count = histogram.count
    if (count === 0) throw new NoLoopSamplesError()
    const rssNow = process.memoryUsage.rss()
    rssPeak = Math.max(rssPeak, rssNow)
    const cpu = process.cpuUsage(cpuAtReset)
    return {
      eventLoopDelayMs: {
        p50: histogram.percentile(50) * MS_PER_NS,
        p99: histogram.percentile(99) * MS_PER_NS,
        max: histogram.max * MS_PER_NS,
        mean: histogram.mean * MS_PER_NS,
        samples: count,
      },
      rssPeakMb: rssPeak / BYTES_PER_MB,
      rssAtResetMb: rssAtReset / BYTES_PER_MB,
      rssNowMb: rssNow / BYTES_PER_MB,
      cpuMs: (cpu.user + cpu.system) * MS_PER_US,
      inFlight,
      windowMs: performance.now() - windowStart,
    }
  })

  app.post('/_bench/reset', { schema: { response: { 204: z.null(), ...errorReplies } } }, async (_request, reply) => {
    histogram.reset()
    await settle(histogram, 1)
    rssPeak = process.memoryUsage.rss()
    rssAtReset = rssPeak
    windowStart = performance.now()
    cpuAtReset = process.cpuUsage()
    return reply.code(204).send(null)
  })
}

export default fp(benchStatsPlugin, { name: 'bench-stats', fastify: '5.x' })
