/**
 * The log line that says which route blocked the event loop. A timer due every `checkEveryMs`
 * that fires late by more than LOOP_STALL_LOG_MS means the loop ran something else for that long;
 * the warning names the routes of the requests in flight then: the suspects. A handler that
 * blocks is among them, usually first, since nothing new is accepted while it runs. /metrics shows
 * that the loop stalls (nodejs_eventloop_lag_*); this line shows where. At most one line a second,
 * carrying the longest stall and how many there were, so a process that stalls all the time does
 * not also flood its log.
 */
import type { FastifyInstance, onRequestHookHandler, onResponseHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { StallSuspects, type Route, type Suspect } from './stall-suspects.js'

const SUSPECT = Symbol('loop stall log: the request as a suspect')

declare module 'fastify' {
  interface FastifyInstance {
    /** The stall log's hooks for a request no route matched, for the not-found handler; none when it is off. */
    stallLogUnmatched: { onRequest: onRequestHookHandler[]; onResponse: onResponseHookHandler[] }
  }
  interface FastifyRequest {
    [SUSPECT]: Suspect | null
  }
}

/**
 * How often the loop is checked: half the threshold, within 10 to 100 ms (100 at the default
 * 200). A stall shows as the check's lateness, which misses the part of it before the check was
 * due: every stall of 1.5 times the threshold is logged, shorter ones over it may not be. Each
 * check wakes the loop, a cost of its own on a lightly loaded API: more often buys nothing a
 * threshold of this size needs.
 */
export const checkEveryMs = (thresholdMs: number) => Math.min(100, Math.max(10, thresholdMs / 2))
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
  if (thresholdMs === 0) return void app.decorate('stallLogUnmatched', { onRequest: [], onResponse: [] })
  // The suspects of a stall are the requests that began before it and had not been answered by
  // its start: those in flight, and those answered since the last check (a handler that blocks and
  // then replies has answered before the late timer runs). Route hooks, added to each route as it
  // is made, so each knows its pattern (`request.routeOptions` builds an object per call);
  // callback hooks (an async one costs a promise each time). A request whose client left gets no
  // onResponse (fastify/fastify#4690, fastify/help#1099): its socket says it is gone.
  const suspects = new StallSuspects()
  app.decorateRequest(SUSPECT, null)
  const started =
    (pattern: string | null): onRequestHookHandler =>
    (request, _reply, done) => {
      request[SUSPECT] = suspects.start(request.method, pattern ?? request.url, request.raw.socket)
      done()
    }
  const answered: onResponseHookHandler = (request, _reply, done) => {
    request[SUSPECT]?.answer()
    done()
  }
  // First of the route's own onRequest hooks: one of them that blocks is the request's doing too.
  app.addHook('onRoute', (route) => {
    route.onRequest = [started(route.url), ...[route.onRequest ?? []].flat()]
    route.onResponse = [...[route.onResponse ?? []].flat(), answered]
  })
  app.decorate('stallLogUnmatched', { onRequest: [started(null)], onResponse: [answered] })

  let pending: { longestMs: number; stalls: number; routes: Record<string, number> } | null = null
  let lastLog = 0
  const periodMs = checkEveryMs(thresholdMs)
  let due = performance.now() + periodMs
  const timer = setInterval(() => {
    const now = performance.now()
    const lateMs = now - due
    due = now + periodMs
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
  }, periodMs)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}

// Stryker disable next-line ObjectLiteral,StringLiteral: metadata that no behaviour here reads
export default fp(loopStallLog, { name: 'loop-stall-log', fastify: '5.x' })
