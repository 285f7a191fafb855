/**
 * The shared singleton: both variants quote the same; the locked one makes concurrent requests
 * queue behind each other although the event loop is idle, the stateless one lets them overlap.
 */
import { describe, expect, it } from 'vitest'
import { useListeningApp } from '../../../../test/helpers/app.js'
import { expectConcurrency } from '../../../../test/helpers/claims.js'
import { get } from '../../../../test/helpers/http.js'
import { burst } from '../../../../test/helpers/load.js'

const DELAY_MS = 200
const CONCURRENT = 8

describe('shared-singleton', () => {
  const server = useListeningApp()

  it('both variants answer the same status and body', async () => {
    const [locked, stateless] = await Promise.all(
      ['locked', 'stateless'].map((v) => get(`${server.url}/quote/${v}?customerId=7&delayMs=1`)),
    )
    expect(locked).toMatchObject({ status: 200, body: { customerId: 7, discountPct: 15, upstreamDelayMs: 1 } })
    expect(stateless!.body).toEqual(locked!.body)
    const rejected = await Promise.all(
      ['locked', 'stateless'].map((v) => get(`${server.url}/quote/${v}?customerId=1001`)),
    )
    expect(rejected.map((r) => r.status)).toEqual([400, 400])
    expect(rejected[0]!.body).toEqual(rejected[1]!.body)
  })

  for (const [variant, claim, serialises] of [
    ['locked', 'requests queue on the lock while the event loop is idle', true],
    ['stateless', 'requests overlap, about one delay for all of them', false],
  ] as const) {
    it(`${variant}: ${claim}`, async () => {
      const b = await burst(server.url, `/quote/${variant}?customerId=7&delayMs=${DELAY_MS}`, CONCURRENT, DELAY_MS / 2)
      expectConcurrency(b, { count: CONCURRENT, latencyMs: DELAY_MS, serialises, blocksLoop: false })
    })
  }

  it('every concurrent quote gets its own customer back', async () => {
    const replies = await Promise.all(
      [1, 2, 3, 4, 5, 6].flatMap((id) =>
        ['locked', 'stateless'].map((v) => get(`${server.url}/quote/${v}?customerId=${id}&delayMs=20`)),
      ),
    )
    expect(replies.map((r) => (r.body as { customerId: number }).customerId)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
    ])
  })
})
