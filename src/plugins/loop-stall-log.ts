/**
 * The log line that says which route blocked the event loop. A timer due every CHECK_MS that fires
 * late by more than LOOP_STALL_LOG_MS means the loop ran something else for that long; the warning
 * names the routes of the requests in flight then: the suspects. A handler that blocks is among
 * them, usually first, since nothing new is accepted while it runs. /metrics shows that the loop
 * stalls (nodejs_eventloop_lag_*); this line shows where. At most one line a second, carrying the
 * longest stall and how many there were, so a process that stalls all the time does not also
 * flood its log.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { StallSuspects, type Route } from './stall-suspects.js'

const CHECK_MS = 20
const LOG_EVERY_MS = 1_000

/** `GET /orders/:id` → how many of the suspects, most first. Route names are made here, at a stall, not per request. */
function countRoutes(suspects: readonly Route[]): Record<string, number> {
  const counts = new Map<string, number>()
  for (const { method, url } of suspects) {
    const route = `${method} ${url}`
    counts.set(route, (counts.get(route) ?? 0) + 1)
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))
}

async function loopStallLog(app: FastifyInstance) {
  const thresholdMs = app.config.loopStallLogMs
  if (thresholdMs === 0) return
  // The suspects of a stall are the requests that began before it and had not been answered by
  // its start: those in flight, and those answered since the last check (a handler that blocks and
  // then replies has answered, by microtasks, before the late timer runs). Per request one callback
  // hook (an async one costs a promise each time) and a push. Nothing when a request ends: an
  // onResponse hook cost more than holding the reply until the next check, and a request whose
  // client left gets none (fastify/fastify#4690, fastify/help#1099).
  const suspects = new StallSuspects()
  app.addHook('onRequest', (_request, reply, done) => {
    suspects.start(reply)
    done()
  })

  let pending: { longestMs: number; stalls: number; routes: Record<string, number> } | null = null
  let lastLog = 0
  let due = performance.now() + CHECK_MS
  const timer = setInterval(() => {
    const now = performance.now()
    const lateMs = now - due
    due = now + CHECK_MS
    // Stryker disable next-line EqualityOperator: lateness is a measured time; exactly on the line is chance
    if (lateMs > thresholdMs) {
      // Stryker disable next-line EqualityOperator: as above
      if (!pending || lateMs > pending.longestMs) {
        // In flight at the stall's middle: not those answered before it, nor those accepted after.
        const routes = countRoutes(suspects.inFlightAt(now - lateMs / 2))
        pending = { longestMs: lateMs, stalls: (pending?.stalls ?? 0) + 1, routes }
      } else pending.stalls++
    }
    suspects.forgetSettled()
    // Stryker disable next-line EqualityOperator: a measured time, exactly a second after the last line by chance only
    if (pending && now - lastLog >= LOG_EVERY_MS) {
      const { longestMs, stalls, routes } = pending
      app.log.warn(
        { stallMs: Math.round(longestMs), stalls, inFlight: routes },
        `event loop blocked for ${Math.round(longestMs)} ms; routes in flight: ${Object.keys(routes).join(', ') || 'none'}`,
      )
      pending = null
      lastLog = now
    }
  }, CHECK_MS)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

// Stryker disable next-line ObjectLiteral,StringLiteral: metadata that no behaviour here reads
export default fp(loopStallLog, { name: 'loop-stall-log', fastify: '5.x' })
