/**
 * The requests a stall can be blamed on (loop-stall-log.ts): each request's reply and start time,
 * held from its start until the first check (every 20 ms) that finds it settled, so that a request
 * that ended since the last check is still a suspect. Nothing is done when a request ends: its
 * reply says so (`writableEnded`), read at the check, and its route is looked up only at a stall.
 */
import type { FastifyReply } from 'fastify'

/** A request's route, as Fastify names it: its method and its pattern (`/orders/:id`), or its URL if none matched. */
export interface Route {
  readonly method: string
  readonly url: string
}

const routeOf = ({ request }: FastifyReply): Route => ({
  method: request.method,
  url: request.routeOptions.url ?? request.url,
})
/** Its handler has handed the whole reply to Node: what follows is no longer its doing. */
const answered = (reply: FastifyReply) => reply.raw.writableEnded
const clientGone = (reply: FastifyReply) => reply.request.raw.socket?.destroyed === true

export class StallSuspects {
  readonly #replies: FastifyReply[] = []
  readonly #startedAts: number[] = []

  start(reply: FastifyReply): void {
    this.#replies.push(reply)
    this.#startedAts.push(performance.now())
  }

  /**
   * The routes of the requests begun before `before` and held since the last `forgetSettled`:
   * those answered since and those still in flight, not those whose client left unanswered.
   */
  startedBefore(before: number): Route[] {
    const routes: Route[] = []
    for (let i = 0; i < this.#replies.length; i++) {
      // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
      if (this.#startedAts[i]! >= before) continue
      const reply = this.#replies[i]!
      if (answered(reply) || !clientGone(reply)) routes.push(routeOf(reply))
    }
    return routes
  }

  /** Lets go of the requests answered or left by their client; keeps the rest, in order. */
  forgetSettled(): void {
    let kept = 0
    for (let i = 0; i < this.#replies.length; i++) {
      const reply = this.#replies[i]!
      if (answered(reply) || clientGone(reply)) continue
      this.#replies[kept] = reply
      this.#startedAts[kept] = this.#startedAts[i]!
      kept++
    }
    this.#replies.length = kept
    this.#startedAts.length = kept
  }
}
