/**
 * The stall log's bookkeeping: requests answered in any order leave exactly the others in flight,
 * an answered one stays a suspect until the next check and no longer, and one whose client left
 * before it was answered is no suspect and is let go.
 */
import type { FastifyReply } from 'fastify'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { StallSuspects } from '../../src/plugins/stall-suspects.js'

/** Replies as Fastify builds them, each with a response that can end and a socket that can close. */
async function replies(count: number) {
  const app = Fastify()
  const made: FastifyReply[] = []
  app.get('/orders/:id', (_request, reply) => {
    made.push(reply)
    return reply.send('')
  })
  for (let id = 0; id < count; id++) await app.inject({ method: 'GET', url: `/orders/${id}` })
  await app.close()
  return made.map((reply) => {
    const socket = { destroyed: false }
    const response = { writableEnded: false }
    const { method, url } = reply.request.raw
    Object.defineProperty(reply.request, 'raw', { value: { socket, method, url } })
    // Returns the reply, which is thenable: nothing to await.
    void Object.defineProperty(reply, 'raw', { value: response })
    return { reply, answer: () => (response.writableEnded = true), leave: () => (socket.destroyed = true) }
  })
}

const ROUTE = { method: 'GET', url: '/orders/:id' }

describe('StallSuspects', () => {
  it('keeps in flight exactly the requests not answered, whatever the order they are answered in', async () => {
    const all = await replies(9)
    const suspects = new StallSuspects()
    for (const { reply } of all) suspects.start(reply)
    const answerOrder = [4, 0, 8, 2, 7]
    for (const i of answerOrder) all[i]!.answer()
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toHaveLength(all.length - answerOrder.length)
    // The rest are answered too: suspects until the next check, then nothing left.
    for (const i of [1, 3, 5, 6]) all[i]!.answer()
    expect(suspects.startedBefore(Infinity)).toHaveLength(4)
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([])
    // Requests kept across checks are still found, and only they.
    const again = await replies(3)
    for (const { reply } of again) suspects.start(reply)
    again[0]!.answer()
    suspects.forgetSettled()
    again[2]!.answer()
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })

  it('names an answered request until the next check, and only those begun before the given time', async () => {
    const [early, late] = await replies(2)
    const suspects = new StallSuspects()
    suspects.start(early!.reply)
    const between = performance.now()
    while (performance.now() === between) {
      // the next tick of the clock
    }
    suspects.start(late!.reply)
    early!.answer()
    expect(suspects.startedBefore(between + Number.EPSILON)).toEqual([ROUTE])
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE, ROUTE])
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })

  it('does not name a request whose client left unanswered, and lets it go at the next check', async () => {
    const all = await replies(3)
    const suspects = new StallSuspects()
    for (const { reply } of all) suspects.start(reply)
    all[1]!.leave()
    expect(suspects.startedBefore(Infinity)).toHaveLength(2)
    suspects.forgetSettled()
    // Gone, it is not named again when its handler answers at last.
    all[1]!.answer()
    expect(suspects.startedBefore(Infinity)).toHaveLength(2)
    all[0]!.answer()
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })

  it('names a request answered after its client left until the next check: its handler ran meanwhile', async () => {
    const [left] = await replies(1)
    const suspects = new StallSuspects()
    suspects.start(left!.reply)
    left!.leave()
    left!.answer()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([])
  })
})
