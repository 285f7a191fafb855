import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUpstreamServer } from '../../../src/exhibits/upstream/server.js'
import { get } from '../../helpers/http.js'

describe('the slow upstream', () => {
  const server = createUpstreamServer({ defaultDelayMs: 40 })
  let url: string
  beforeAll(async () => {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    server.close()
    await once(server, 'close')
  })

  it('waits its default delay, or the one in the path', async () => {
    const byDefault = await get(`${url}/delay`)
    expect(byDefault.body).toEqual({ delayMs: 40 })
    expect(byDefault.ms).toBeGreaterThanOrEqual(35)
    const chosen = await get(`${url}/delay/150`)
    expect(chosen.body).toEqual({ delayMs: 150 })
    expect(chosen.ms).toBeGreaterThan(byDefault.ms)
  })

  it('answers a chosen status, and rejects bad input with 400', async () => {
    expect((await get(`${url}/status/503`)).status).toBe(503)
    expect((await get(`${url}/delay/-5`)).status).toBe(400)
    expect((await get(`${url}/delay/abc`)).status).toBe(400)
    expect((await get(`${url}/elsewhere`)).status).toBe(404)
  })
})
