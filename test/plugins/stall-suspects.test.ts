/**
 * The stall log's bookkeeping: requests answered in any order leave exactly the others in flight,
 * an answered one stays a suspect until the next check and no longer, one answered before the
 * time asked about is none, and one whose client left before it was answered is no suspect and is
 * let go.
 */
import type { FastifyReply } from 'fastify'
import Fastify from 'fastify'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StallSuspects } from '../../src/plugins/stall-suspects.js'

/**
 * Replies as Fastify builds them, each with a response that can end and a socket that can close,
 * and Fastify's `elapsedTime`: since it arrived (when made, or when told), frozen once answered.
 */
async function replies(count: number, methods: ReadonlyArray<'GET' | 'POST' | 'DELETE'> = []) {
  const app = Fastify()
  const made: FastifyReply[] = []
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: '/orders/:id',
    handler: (_request, reply) => {
      made.push(reply)
      return reply.send('')
    },
  })
  for (let id = 0; id < count; id++) await app.inject({ method: methods[id] ?? 'GET', url: `/orders/${id}` })
  await app.close()
  return made.map((reply) => {
    const socket = { destroyed: false }
    const response = { writableEnded: false }
    const { method, url } = reply.request.raw
    let startedAt = performance.now()
    let endedAt: number | undefined
    Object.defineProperty(reply.request, 'raw', { value: { socket, method, url } })
    // Each returns the reply, which is thenable: nothing to await.
    void Object.defineProperty(reply, 'raw', { value: response })
    void Object.defineProperty(reply, 'elapsedTime', { get: () => (endedAt ?? performance.now()) - startedAt })
    const answer = () => {
      response.writableEnded = true
      endedAt = performance.now()
    }
    /** Fastify received it now. */
    const arrive = () => {
      startedAt = performance.now()
      return reply
    }
    return { reply, arrive, answer, leave: () => (socket.destroyed = true) }
  })
}

const ROUTE = { method: 'GET', url: '/orders/:id' }

/**
 * The clock the stall log reads, driven by the test: an answered request is judged by how long it ran
 * against the time since the moment asked about, so a clock running on its own (a preempted test,
 * a collection between two lines) would move the answer.
 */
function aClockOfOurOwn() {
  let nowMs = 1_000
  vi.spyOn(performance, 'now').mockImplementation(() => nowMs)
  return {
    /** Moves the clock on and returns the new time. */
    tick: (ms = 1) => (nowMs += ms),
  }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('StallSuspects', () => {
  it('keeps in flight exactly the requests not answered, whatever the order they are answered in', async () => {
    const all = await replies(9)
    const suspects = new StallSuspects()
    for (const { reply } of all) suspects.start(reply)
    const answerOrder = [4, 0, 8, 2, 7]
    for (const i of answerOrder) all[i]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(Infinity)).toHaveLength(all.length - answerOrder.length)
    // The rest are answered too: suspects until the next check, then nothing left.
    for (const i of [1, 3, 5, 6]) all[i]!.answer()
    expect(suspects.inFlightAt(Infinity)).toHaveLength(4)
    suspects.forgetSettled()
    expect(suspects.inFlightAt(Infinity)).toEqual([])
    // Requests kept across checks are still found, and only they.
    const again = await replies(3)
    for (const { reply } of again) suspects.start(reply)
    again[0]!.answer()
    suspects.forgetSettled()
    again[2]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(Infinity)).toEqual([ROUTE])
  })

  it('names a request in flight at the given time, answered since or not, until the next check', async () => {
    const [quick, early, late] = await replies(3, ['POST', 'GET', 'DELETE'])
    const clock = aClockOfOurOwn()
    const suspects = new StallSuspects()
    suspects.start(quick!.arrive())
    clock.tick()
    quick!.answer()
    clock.tick()
    suspects.start(early!.arrive())
    const between = clock.tick(10)
    clock.tick()
    suspects.start(late!.arrive())
    clock.tick()
    early!.answer()
    // quick (POST) was answered before `between`, late (DELETE) began after it: early alone ran through it.
    expect(suspects.inFlightAt(between)).toEqual([ROUTE])
    expect(suspects.inFlightAt(Infinity).map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE'])
    suspects.forgetSettled()
    // late, still running, was in flight at any time since it began, and not before.
    const sinceLate = clock.tick(10)
    clock.tick(10)
    expect(suspects.inFlightAt(sinceLate)).toEqual([{ ...ROUTE, method: 'DELETE' }])
    expect(suspects.inFlightAt(between)).toEqual([])
  })

  it('does not name a request whose client left unanswered, and lets it go at the next check', async () => {
    const all = await replies(3)
    const suspects = new StallSuspects()
    for (const { reply } of all) suspects.start(reply)
    all[1]!.leave()
    expect(suspects.inFlightAt(Infinity)).toHaveLength(2)
    suspects.forgetSettled()
    // Gone, it is not named again when its handler answers at last.
    all[1]!.answer()
    expect(suspects.inFlightAt(Infinity)).toHaveLength(2)
    all[0]!.answer()
    suspects.forgetSettled()
    expect(suspects.inFlightAt(Infinity)).toEqual([ROUTE])
  })

  it('names a request answered after its client left until the next check: its handler ran meanwhile', async () => {
    const [left] = await replies(1)
    const suspects = new StallSuspects()
    suspects.start(left!.reply)
    left!.leave()
    left!.answer()
    expect(suspects.inFlightAt(Infinity)).toEqual([ROUTE])
    suspects.forgetSettled()
    expect(suspects.inFlightAt(Infinity)).toEqual([])
  })
})
