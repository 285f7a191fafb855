/**
 * The requests a stall can be blamed on (loop-stall-log.ts). Each request in flight holds a slot of
 * an array, its index on the reply (a field every reply has, `decorate` below): taken when it
 * arrives, and, when it ends, its reply given back for its route and start time, so that a request
 * finished since the last check is still a suspect without keeping its objects alive. Each check
 * (every 20 ms) forgets the ended ones, and those whose client left unanswered.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'

/** A request's route, as Fastify names it: its method and its pattern (`/orders/:id`), or its URL if none matched. */
export interface Route {
  readonly method: string
  readonly url: string
}

const kSlot = Symbol('stallSuspects.slot')
interface Tracked {
  [kSlot]: number
}
const tracked = (reply: FastifyReply) => reply as unknown as Tracked

const routeOf = ({ request }: FastifyReply): Route => ({
  method: request.method,
  url: request.routeOptions.url ?? request.url,
})
const clientGone = (reply: FastifyReply) => reply.request.raw.socket?.destroyed === true
/** A slot holds its request's reply while in flight, its route once ended. */
const inFlight = (entry: FastifyReply | Route): entry is FastifyReply => 'raw' in entry

export class StallSuspects {
  /** In flight: the reply; ended since the last check: its route. */
  readonly #entries: Array<FastifyReply | Route> = []
  readonly #startedAts: number[] = []

  /** The field each reply carries, in its shape from the start (no hidden-class change per request). */
  static decorate(app: FastifyInstance): void {
    app.decorateReply(kSlot, -1)
  }

  start(reply: FastifyReply): void {
    tracked(reply)[kSlot] = this.#entries.length
    this.#entries.push(reply)
    this.#startedAts.push(performance.now())
  }

  /** Ended: its route kept until the next check, the reply let go. A second call does nothing. */
  end(reply: FastifyReply): void {
    const slot = tracked(reply)[kSlot]
    if (slot < 0) return
    tracked(reply)[kSlot] = -1
    this.#entries[slot] = routeOf(reply)
  }

  /**
   * The routes of the requests begun before `before` and held since the last `forgetSettled`:
   * those in flight and those that ended since, not those whose client left unanswered.
   */
  startedBefore(before: number): Route[] {
    const routes: Route[] = []
    for (let i = 0; i < this.#entries.length; i++) {
      // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
      if (this.#startedAts[i]! >= before) continue
      const entry = this.#entries[i]!
      if (!inFlight(entry)) routes.push(entry)
      else if (!clientGone(entry)) routes.push(routeOf(entry))
    }
    return routes
  }

  /** Forgets the requests that have ended or lost their client; keeps the rest, in order. */
  forgetSettled(): void {
    let kept = 0
    for (let i = 0; i < this.#entries.length; i++) {
      const reply = this.#entries[i]!
      if (!inFlight(reply)) continue
      if (clientGone(reply)) {
        tracked(reply)[kSlot] = -1
        continue
      }
      tracked(reply)[kSlot] = kept
      this.#entries[kept] = reply
      this.#startedAts[kept] = this.#startedAts[i]!
      kept++
    }
    this.#entries.length = kept
    this.#startedAts.length = kept
  }
}
