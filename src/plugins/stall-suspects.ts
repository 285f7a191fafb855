/**
 * The requests a stall can be blamed on (loop-stall-log.ts): each request as a small record (its
 * method, its route, its socket, when it began and when it was answered), held from its start
 * until the first check that finds it settled, so that a request that ended since the last check
 * is still a suspect. The record holds none of the request's own objects: they are young, and
 * held past a minor GC they would be copied with everything they reach (the reply, the request,
 * its logger, the response and its buffers), the stall log's main cost when it held the reply. The
 * socket is held, not copied: it outlives its requests. A route is made a name only at a stall.
 */
import { performance } from 'node:perf_hooks'

/** A request's route, as Fastify names it: its method and its pattern (`/orders/:id`), or its URL if none matched. */
export interface Route {
  readonly method: string
  readonly url: string
}

/** What tells that a client left: the request's socket (`request.raw.socket`). */
export interface ClientSocket {
  readonly destroyed: boolean
}

/** One request as the stall log holds it. */
export class Suspect {
  /** When its reply was out (`performance.now()`), or -1 while it is not. */
  answeredAt = -1

  constructor(
    readonly method: string,
    readonly url: string,
    readonly socket: ClientSocket | undefined,
    readonly startedAt: number,
  ) {}

  /** Its reply is out: what follows is no longer its doing. */
  answer(): void {
    this.answeredAt = performance.now()
  }

  get answered(): boolean {
    return this.answeredAt >= 0
  }

  get clientGone(): boolean {
    return this.socket?.destroyed === true
  }
}

export class StallSuspects {
  readonly #held: Suspect[] = []

  /** A request begins (its `onRequest`): its record, to `answer()` when its reply is out. */
  start(method: string, url: string, socket: ClientSocket | undefined): Suspect {
    const suspect = new Suspect(method, url, socket, performance.now())
    this.#held.push(suspect)
    return suspect
  }

  /**
   * The routes of the requests held since the last `forgetSettled` that were in flight at `at`:
   * begun before it and still running, or answered after it (a handler that blocked, a request that
   * waited through the stall); not those whose client left unanswered.
   */
  inFlightAt(at: number): Route[] {
    const routes: Route[] = []
    for (const suspect of this.#held) {
      // Stryker disable next-line EqualityOperator: times in fractions of a millisecond; equal by chance only
      if (suspect.startedAt >= at) continue
      if (suspect.answered ? suspect.answeredAt > at : !suspect.clientGone)
        routes.push({ method: suspect.method, url: suspect.url })
    }
    return routes
  }

  /** Lets go of the requests answered or left by their client; keeps the rest, in order. */
  forgetSettled(): void {
    let kept = 0
    for (let i = 0; i < this.#held.length; i++) {
      const suspect = this.#held[i]!
      if (suspect.answered || suspect.clientGone) continue
      this.#held[kept++] = suspect
    }
    this.#held.length = kept
  }
}
