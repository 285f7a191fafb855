/** Serialisation: the three ways of turning the same rows into JSON give the same bytes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type App } from '../../src/app.js'
import { serialization } from '../../src/scenarios/serialization/index.js'
import { testConfig } from '../helpers/app.js'

const variants = serialization.variants.map((v) => v.name)

describe('serialization', () => {
  let app: App
  beforeAll(async () => (app = await buildApp(testConfig())))
  afterAll(() => app.close())

  it('every variant answers the same status, type and bytes', async () => {
    const replies = await Promise.all(variants.map((v) => app.inject(`/orders/list/${v}?limit=1000`)))
    for (const reply of replies) {
      expect(reply.statusCode).toBe(200)
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(reply.body).toBe(replies[0]!.body)
    }
    const { orders } = replies[0]!.json<{ orders: { id: number }[] }>()
    expect(orders.map((o) => o.id)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    for (const bad of ['limit=0', 'limit=100001', 'limit=ten']) {
      const rejected = await Promise.all(variants.map((v) => app.inject(`/orders/list/${v}?${bad}`)))
      expect(rejected.map((r) => r.statusCode)).toEqual([400, 400, 400])
    }
  })
})
