/**
 * The requests a stall can be blamed on (loop-stall-log.ts): each request's reply, held from its
 * start until the first check (every 20 ms) that finds it settled, so that a request that ended
 * since the last check is still a suspect. Nothing is done when a request ends, and no clock is
 * read when one starts: its reply says whether it has ended (`writableEnded`) and how long it has
 * run or ran (`elapsedTime`, Fastify's own clock, read when the request arrived and when its reply
 * finished), both read at a check; its route is looked up only at a stall. Fastify keeps that
 * clock for every request of an app with a logger, the only one whose stall lines go anywhere
 * (without, `elapsedTime` is 0 and no request is a suspect).
 */
import { performance } from 'node:perf_hooks'
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

  start(reply: FastifyReply): void {
    this.#replies.push(reply)
  }

  /**
   * The routes of the requests held since the last `forgetSettled` that were in flight at `at`:
   * begun before it and still running, or answered having run longer than the time since (a
   * handler that blocked, a request that waited through the stall); not those whose client left
   * unanswered.
   */
  inFlightAt(at: number): Route[] {
    const routes: Route[] = []
    for (const reply of this.#replies) {
      // Running, it began at now - elapsedTime (the clock read after Fastify's, so never earlier).
      // Finished, its time froze at its end, before now: this is then its start plus the time since.
      const elapsedMs = reply.elapsedTime
      // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
      if (performance.now() - elapsedMs >= at) continue
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
      this.#replies[kept++] = reply
    }
    this.#replies.length = kept
  }
}
