/**
 * The requests a stall can be blamed on (loop-stall-log.ts), kept at the cost of two array writes
 * per request: its reply and its start time, pushed when it arrives. Nothing is done when it
 * finishes; each check of the loop (every 20 ms) asks the replies it holds whether they have ended
 * and forgets those, so a request finished since the last check is still a suspect until then.
 * One hook a request instead of three, no route named but at a stall, and a reply whose body
 * streams stays a suspect until its last byte, not just until its headers.
 */
import type { FastifyReply } from 'fastify'

/** A request's route, as Fastify names it: its method and its pattern (`/orders/:id`), or its URL if none matched. */
export interface Route {
  readonly method: string
  readonly url: string
}

/** Ended (body and all, streams included), or its client gone before it was: nobody waits on it. */
const settled = (reply: FastifyReply) => reply.raw.writableEnded || reply.request.raw.socket?.destroyed === true

const routeOf = ({ request }: FastifyReply): Route => ({
  method: request.method,
  url: request.routeOptions.url ?? request.url,
})

export class StallSuspects {
  readonly #replies: FastifyReply[] = []
  readonly #startedAts: number[] = []

  start(reply: FastifyReply): void {
    this.#replies.push(reply)
    this.#startedAts.push(performance.now())
  }

  /**
   * The routes of the requests begun before `before` and held since the last `forgetSettled`:
   * those in flight and those that ended since, not those whose client left unanswered.
   */
  startedBefore(before: number): Route[] {
    const routes: Route[] = []
    for (let i = 0; i < this.#replies.length; i++) {
      const reply = this.#replies[i]!
      // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
      if (this.#startedAts[i]! < before && (reply.raw.writableEnded || !reply.request.raw.socket?.destroyed))
        routes.push(routeOf(reply))
    }
    return routes
  }

  /** Forgets the requests that have ended or lost their client; keeps the rest, in order. */
  forgetSettled(): void {
    let kept = 0
    for (let i = 0; i < this.#replies.length; i++) {
      const reply = this.#replies[i]!
      if (settled(reply)) continue
      this.#replies[kept] = reply
      this.#startedAts[kept] = this.#startedAts[i]!
      kept++
    }
    this.#replies.length = kept
    this.#startedAts.length = kept
  }
}
