/**
 * Pagination: keyset pages cover the table exactly once, in order; offset pages match them; bad
 * cursors are 400s; a deep offset page costs many times a deep keyset page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { workload } from './workload.js'
import { buildApp, type App } from '../../../app.js'
import { SEED_ORDERS } from '../../../db/seed.js'
import { encodeCursor } from './cursor.js'
import { testConfig } from '../../../../test/helpers/app.js'

type Page = { orders: { id: number; createdAt: string }[]; nextCursor: string | null }

describe('pagination', () => {
  let app: App
  beforeAll(async () => (app = await buildApp(testConfig())))
  afterAll(() => app.close())

  const page = async (variant: string, query: string) => {
    const reply = await app.inject(`/orders/page/${variant}?${query}`)
    return { status: reply.statusCode, body: reply.json<Page>() }
  }

  it('keyset pages cover every order exactly once, newest first', async () => {
    const ids: number[] = []
    let cursor: string | null = null
    do {
      const { status, body } = await page('keyset', `limit=500${cursor ? `&cursor=${cursor}` : ''}`)
      expect(status).toBe(200)
      ids.push(...body.orders.map((o) => o.id))
      cursor = body.nextCursor
    } while (cursor)
    expect(ids).toHaveLength(SEED_ORDERS)
    expect(new Set(ids).size).toBe(SEED_ORDERS)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
  })

  it('offset pages hold the same orders as keyset pages, at the start and deep in', async () => {
    let offsetCursor: string | null = null
    let keysetCursor: string | null = null
    for (let i = 0; i < 5; i++) {
      const o: { body: Page } = await page('offset', `limit=100${offsetCursor ? `&cursor=${offsetCursor}` : ''}`)
      const k: { body: Page } = await page('keyset', `limit=100${keysetCursor ? `&cursor=${keysetCursor}` : ''}`)
      expect(o.body.orders).toEqual(k.body.orders)
      ;[offsetCursor, keysetCursor] = [o.body.nextCursor, k.body.nextCursor]
    }
    const conditions = { connections: 1, upstreamDelayMs: 50, dbPoolSize: 10 }
    const [deepOffset, deepKeyset] = await Promise.all(
      ['offset', 'keyset'].map((v) => app.inject(workload.request(`/orders/page/${v}`, conditions).path)),
    )
    expect(deepOffset!.json<Page>().orders[0]!.id).toBe(10_000)
    expect(deepKeyset!.json<Page>().orders).toEqual(deepOffset!.json<Page>().orders)
  })

  it('rejects bad limits and any cursor it did not issue with a 400 that says so', async () => {
    for (const variant of ['offset', 'keyset']) {
      expect((await page(variant, 'limit=501')).status).toBe(400)
      expect((await page(variant, 'limit=0')).status).toBe(400)
      const other =
        variant === 'offset'
          ? encodeCursor({ kind: 'keyset', createdAt: '2025-01-01 00:00:00+00', id: 1 })
          : encodeCursor({ kind: 'offset', offset: 100 })
      for (const cursor of ['abc', other, Buffer.from('o.-1; drop table orders').toString('base64url')]) {
        const { status, body } = await page(variant, `cursor=${encodeURIComponent(cursor)}`)
        expect(status).toBe(400)
        expect(body).toMatchObject({ code: 'BS_INVALID_CURSOR', message: expect.stringContaining(variant) })
      }
    }
  })

  it('a deep offset page costs many times a deep keyset page; keyset stays near its page 1', async () => {
    const conditions = { connections: 1, upstreamDelayMs: 50, dbPoolSize: 10 }
    // The fastest of 9 each, the routes taken in turn: a query's own cost (a busy machine only ever
    // adds to it), and a burst of load beside the test lands on every route alike, not on one.
    const fastest = async (...paths: string[]) => {
      for (const path of paths) await app.inject(path)
      const best = paths.map(() => Infinity)
      for (let i = 0; i < 9; i++)
        for (const [k, path] of paths.entries()) {
          const start = performance.now()
          await app.inject(path)
          best[k] = Math.min(best[k]!, performance.now() - start)
        }
      return best
    }
    const [offsetDeep = 0, keysetDeep = 0, keysetFirst = 0] = await fastest(
      workload.request('/orders/page/offset', conditions).path,
      workload.request('/orders/page/keyset', conditions).path,
      '/orders/page/keyset?limit=100',
    )
    expect(offsetDeep).toBeGreaterThan(5 * keysetDeep)
    expect(keysetDeep).toBeLessThan(3 * keysetFirst)
  })
})
