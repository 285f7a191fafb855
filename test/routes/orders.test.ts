import { describe, expect, it } from 'vitest'
import { SEED_ORDERS } from '../../src/db/seed.js'
import { useListeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'

describe('GET /orders/:id', () => {
  const server = useListeningApp()

  it('answers a seeded order, 404 for one that does not exist, 400 for an id that is not one', async () => {
    expect(await get(`${server.url}/orders/42`)).toMatchObject({
      status: 200,
      body: {
        id: 42,
        customerId: expect.any(Number),
        status: expect.any(String),
        totalCents: expect.any(Number),
        createdAt: expect.any(String),
      },
    })
    expect(await get(`${server.url}/orders/${SEED_ORDERS + 1}`)).toMatchObject({
      status: 404,
      body: { code: 'BS_ORDER_NOT_FOUND' },
    })
    for (const bad of ['0', 'abc', '1.5', '99999999999']) {
      expect(await get(`${server.url}/orders/${bad}`), bad).toMatchObject({
        status: 400,
        body: { message: expect.stringContaining('id') },
      })
    }
  })
})
