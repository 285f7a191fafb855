/**
 * The stall log's bookkeeping without a hash table: requests that end in any order leave exactly
 * the others in flight, an ended one stays a suspect until the next check (by its route, its reply
 * let go), one ended twice counts once, and one whose client left before it was answered is no
 * suspect and is let go.
 */
import type { FastifyReply } from 'fastify'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { StallSuspects } from '../../src/plugins/stall-suspects.js'

/** Replies as Fastify builds them (decorated), each with a socket that can close. */
async function replies(count: number) {
  const app = Fastify()
  StallSuspects.decorate(app)
  const made: FastifyReply[] = []
  app.get('/orders/:id', (_request, reply) => {
    made.push(reply)
    return reply.send('')
  })
  for (let id = 0; id < count; id++) await app.inject({ method: 'GET', url: `/orders/${id}` })
  await app.close()
  return made.map((reply) => {
    const socket = { destroyed: false }
    const { method, url } = reply.request.raw
    Object.defineProperty(reply.request, 'raw', { value: { socket, method, url } })
    return { reply, leave: () => (socket.destroyed = true) }
  })
}

const ROUTE = { method: 'GET', url: '/orders/:id' }

describe('StallSuspects', () => {
  it('keeps in flight exactly the requests not ended, whatever the order they end in', async () => {
    const all = await replies(9)
    const suspects = new StallSuspects()
    for (const { reply } of all) suspects.start(reply)
    const endOrder = [4, 0, 8, 2, 7]
    for (const i of endOrder) suspects.end(all[i]!.reply)
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toHaveLength(all.length - endOrder.length)
    // The rest end too, some twice: nothing left, each counted once.
    for (const i of [1, 3, 5, 6]) suspects.end(all[i]!.reply)
    for (const i of [1, 3]) suspects.end(all[i]!.reply)
    expect(suspects.startedBefore(Infinity)).toHaveLength(4)
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([])
    // Slots moved by the checks still find their requests.
    const again = all.slice(0, 3)
    for (const { reply } of again) suspects.start(reply)
    suspects.end(again[0]!.reply)
    suspects.forgetSettled()
    suspects.end(again[2]!.reply)
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })

  it('names an ended request until the next check, and only those begun before the given time', async () => {
    const [early, late] = await replies(2)
    const suspects = new StallSuspects()
    suspects.start(early!.reply)
    const between = performance.now()
    while (performance.now() === between) {
      // the next tick of the clock
    }
    suspects.start(late!.reply)
    suspects.end(early!.reply)
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
    suspects.end(all[1]!.reply)
    expect(suspects.startedBefore(Infinity)).toHaveLength(2)
    suspects.end(all[0]!.reply)
    suspects.forgetSettled()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })
})
