/**
 * The requests a stall can be blamed on (loop-stall-log.ts), kept at the cost of a few writes per
 * request. Each request in flight sits in a slot of an array, its index and start time on the
 * request itself (fields Fastify gives every request, `decorate` below), so adding and removing it
 * touch no hash table: a Map keyed by the request cost ~5 µs of CPU a request, a fifth of the
 * lightest route's. A finished one leaves its route and start time, never itself, until the next check.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'

const kSlot = Symbol('stallSuspects.slot')
const kStartedAt = Symbol('stallSuspects.startedAt')

interface Tracked {
  [kSlot]: number
  [kStartedAt]: number
}
const tracked = (request: FastifyRequest) => request as unknown as Tracked

/** A request's route, as Fastify names it: its method and its pattern (`/orders/:id`), or its URL if none matched. */
export interface Route {
  readonly method: string
  readonly url: string
}

const urlOf = (request: FastifyRequest) => request.routeOptions.url ?? request.url
const routeOf = (request: FastifyRequest): Route => ({ method: request.method, url: urlOf(request) })

export class StallSuspects {
  readonly #inFlight: FastifyRequest[] = []
  readonly #finishedMethods: string[] = []
  readonly #finishedUrls: string[] = []
  readonly #finishedAts: number[] = []

  /** The fields each request carries, in its shape from the start (no hidden-class change per request). */
  static decorate(app: FastifyInstance): void {
    app.decorateRequest(kSlot, -1)
    app.decorateRequest(kStartedAt, 0)
  }

  start(request: FastifyRequest): void {
    const r = tracked(request)
    r[kSlot] = this.#inFlight.length
    r[kStartedAt] = performance.now()
    this.#inFlight.push(request)
  }

  /** Out of flight, kept as finished until the next `clearFinished`; a second call does nothing. */
  finish(request: FastifyRequest): void {
    if (!this.#remove(request)) return
    this.#finishedMethods.push(request.method)
    this.#finishedUrls.push(urlOf(request))
    this.#finishedAts.push(tracked(request)[kStartedAt])
  }

  /** Drops the requests whose socket is gone: a handler that never answers a client that left. */
  dropClosed(): void {
    for (let i = this.#inFlight.length - 1; i >= 0; i--) {
      const request = this.#inFlight[i]!
      if (request.raw.socket?.destroyed) this.#remove(request)
    }
  }

  /** The routes of the requests in flight or finished since the last clear that began before `before`. */
  startedBefore(before: number): Route[] {
    const routes: Route[] = []
    // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
    for (const request of this.#inFlight) if (tracked(request)[kStartedAt] < before) routes.push(routeOf(request))
    for (let i = 0; i < this.#finishedAts.length; i++)
      // Stryker disable next-line EqualityOperator: as above
      if (this.#finishedAts[i]! < before)
        routes.push({ method: this.#finishedMethods[i]!, url: this.#finishedUrls[i]! })
    return routes
  }

  clearFinished(): void {
    this.#finishedMethods.length = 0
    this.#finishedUrls.length = 0
    this.#finishedAts.length = 0
  }

  /** Takes `request` out of its slot (the last request moves into it); false if it was not in flight. */
  #remove(request: FastifyRequest): boolean {
    const r = tracked(request)
    const slot = r[kSlot]
    if (slot < 0) return false
    r[kSlot] = -1
    const last = this.#inFlight.pop()!
    if (last !== request) {
      this.#inFlight[slot] = last
      tracked(last)[kSlot] = slot
    }
    return true
  }
}
