/**
 * The stall log's bookkeeping without a hash table: requests taken out of flight in any order
 * leave exactly the others in flight, a finished one stays a suspect until the next check, one
 * whose socket is gone is dropped, and one finished twice (onSend, then onResponse) counts once.
 */
import type { FastifyRequest } from 'fastify'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { StallSuspects } from '../../src/plugins/stall-suspects.js'

/** Requests as Fastify builds them (decorated), each with a socket that can be closed. */
async function requests(count: number) {
  const app = Fastify()
  StallSuspects.decorate(app)
  const made: FastifyRequest[] = []
  app.get('/orders/:id', (request, reply) => {
    made.push(request)
    return reply.send('')
  })
  for (let id = 0; id < count; id++) await app.inject({ method: 'GET', url: `/orders/${id}` })
  await app.close()
  return made.map((request, i) => {
    const socket = { destroyed: false }
    const { method, url } = request.raw
    Object.defineProperty(request, 'raw', { value: { socket, method, url } })
    return { request, id: i, close: () => (socket.destroyed = true) }
  })
}

const ROUTE = { method: 'GET', url: '/orders/:id' }

describe('StallSuspects', () => {
  it('keeps in flight exactly the requests not finished, whatever the order they finish in', async () => {
    const all = await requests(9)
    const suspects = new StallSuspects()
    for (const { request } of all) suspects.start(request)
    const finishOrder = [4, 0, 8, 2, 7]
    for (const i of finishOrder) suspects.finish(all[i]!.request)
    suspects.clearFinished()
    expect(suspects.startedBefore(Infinity)).toHaveLength(all.length - finishOrder.length)
    // The rest finish too: nothing left, each counted once.
    for (const i of [1, 3, 5, 6]) suspects.finish(all[i]!.request)
    for (const i of [1, 3]) suspects.finish(all[i]!.request)
    expect(suspects.startedBefore(Infinity)).toHaveLength(4)
    suspects.clearFinished()
    expect(suspects.startedBefore(Infinity)).toEqual([])
  })

  it('names a finished request until the next check, and only those begun before the given time', async () => {
    const [early, late] = await requests(2)
    const suspects = new StallSuspects()
    suspects.start(early!.request)
    const between = performance.now()
    while (performance.now() === between) {
      // the next tick of the clock
    }
    suspects.start(late!.request)
    suspects.finish(early!.request)
    expect(suspects.startedBefore(between + Number.EPSILON)).toEqual([ROUTE])
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE, ROUTE])
    suspects.clearFinished()
    expect(suspects.startedBefore(Infinity)).toEqual([ROUTE])
  })

  it('drops a request whose socket is gone, and only that one', async () => {
    const all = await requests(3)
    const suspects = new StallSuspects()
    for (const { request } of all) suspects.start(request)
    all[1]!.close()
    suspects.dropClosed()
    expect(suspects.startedBefore(Infinity)).toHaveLength(2)
    // Dropped, it is not a suspect when it finishes either.
    suspects.finish(all[1]!.request)
    expect(suspects.startedBefore(Infinity)).toHaveLength(2)
  })
})
