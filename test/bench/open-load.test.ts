/**
 * The open load's connection cap: a request that finds every connection busy waits on the
 * generator, not on the server, and the load says how many did (the doctor's overload step reads
 * it to tell its own queue from the server's).
 */
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { overloadConnections } from '../../bench/doctor/examine.js'
import { openLoad } from '../../bench/open-load.js'

let server: Server
let origin = ''
let held = 0
let mostHeld = 0

beforeAll(async () => {
  // Every request held 100 ms: at 200 req/s about 20 are in flight at once.
  server = createServer((_req, res) => {
    mostHeld = Math.max(mostHeld, ++held)
    setTimeout(() => {
      held--
      res.end('ok')
    }, 100)
  }).listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('openLoad, its connection cap', () => {
  it('counts the requests that found every connection busy, and the server never holds more than the cap', async () => {
    mostHeld = 0
    const capped = await openLoad(origin, { method: 'GET', path: '/' }, 200, 0.5, { maxConnections: 4 })
    expect(capped.statuses[200]).toBe(100)
    expect(capped.maxConnections).toBe(4)
    expect(mostHeld).toBeLessThanOrEqual(4)
    // About 20 in flight wanted, 4 allowed: most of the 100 waited for a connection.
    expect(capped.waitedForConnection).toBeGreaterThan(50)
    expect(capped.peakInFlight).toBeGreaterThan(10)
  })

  it('with a connection per request, none waits on the generator and the server holds them all', async () => {
    mostHeld = 0
    const open = await openLoad(origin, { method: 'GET', path: '/' }, 200, 0.5, { maxConnections: 100 })
    expect(open.statuses[200]).toBe(100)
    expect(open.waitedForConnection).toBe(0)
    expect(mostHeld).toBeGreaterThan(10)
    expect(open.peakInFlight).toBeGreaterThanOrEqual(mostHeld)
  })
})

describe('overloadConnections: a connection per request of the step, within the open-file limit', () => {
  const limits = (soft: number) =>
    `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                ${soft * 2}                files\n`
  it('as many as the step sends when the limit allows', () => {
    expect(overloadConnections(3_540, limits(20_000))).toBe(3_540)
  })
  it('the soft limit less a reserve for the rest of the process when it does not', () => {
    expect(overloadConnections(6_000, limits(1_024))).toBe(768)
    expect(overloadConnections(6_000, limits(200))).toBe(64)
  })
  it('a default cap where the limit cannot be read', () => {
    expect(overloadConnections(6_000, null)).toBe(4_096)
    expect(overloadConnections(10, null)).toBe(10)
  })
})
