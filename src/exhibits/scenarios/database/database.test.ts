/**
 * Database access: every variant returns the same summary; the blocking one stops the event loop
 * for each query, the serialised one keeps the loop free but still runs one query at a time, the
 * pooled one runs them side by side; a saturated pool answers 503 fast instead of queueing.
 */
import { request } from 'undici'
import { describe, expect, it } from 'vitest'
import { database } from './index.js'
import { listeningApp, useListeningApp } from '../../../../test/helpers/app.js'
import { expectConcurrency } from '../../../../test/helpers/claims.js'
import { get } from '../../../../test/helpers/http.js'
import { burst } from '../../../../test/helpers/load.js'

const LATENCY_MS = 200
const CONCURRENT = 8
const path = (variant: string, latencyMs = LATENCY_MS) => `/db/${variant}?customerId=42&latencyMs=${latencyMs}`

describe('database', () => {
  const server = useListeningApp({ dbPoolSize: 10 })

  it('every variant answers the same status and body', async () => {
    const replies = await Promise.all(database.variants.map((v) => get(`${server.url}${path(v.name, 1)}`)))
    for (const reply of replies) {
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({ customerId: 42, orders: 100, totalCents: expect.any(Number), simulatedLatencyMs: 1 })
      expect(reply.body).toEqual(replies[0]!.body)
    }
    for (const bad of ['customerId=0', 'customerId=abc', 'customerId=1&latencyMs=5000', '']) {
      const rejected = await Promise.all(database.variants.map((v) => get(`${server.url}/db/${v.name}?${bad}`)))
      for (const reply of rejected) {
        expect(reply.status).toBe(400)
        expect(reply.body).toEqual(rejected[0]!.body)
      }
    }
  })

  for (const [variant, claim, serialises, blocksLoop] of [
    ['blocking', 'queries run one at a time and the event loop stalls for each', true, true],
    ['serialised', 'the event loop stays free, yet queries still run one at a time', true, false],
    ['pooled', 'queries run side by side, and the event loop stays free', false, false],
  ] as const) {
    it(`${variant}: ${claim}`, async () => {
      const b = await burst(server.url, path(variant), CONCURRENT, LATENCY_MS / 2)
      expectConcurrency(b, { count: CONCURRENT, latencyMs: LATENCY_MS, serialises, blocksLoop })
    })
  }
})

describe('database when the pool is saturated', () => {
  it('answers 503 with Retry-After after the bounded wait, instead of queueing without limit', async () => {
    const { app, url } = await listeningApp({ dbPoolSize: 2, dbAcquireTimeoutMs: 100 })
    try {
      const slow = 1_000
      const replies = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const start = performance.now()
          const { statusCode, headers, body } = await request(`${url}${path('pooled', slow)}`)
          return {
            statusCode,
            retryAfter: headers['retry-after'],
            body: await body.json(),
            ms: performance.now() - start,
          }
        }),
      )
      const served = replies.filter((r) => r.statusCode === 200)
      const shed = replies.filter((r) => r.statusCode === 503)
      expect(served).toHaveLength(2)
      expect(shed).toHaveLength(6)
      for (const r of shed) {
        expect(r.retryAfter).toBe('1')
        expect(r.body).toMatchObject({ code: 'BS_DB_POOL_TIMEOUT', message: expect.stringContaining('100 ms') })
        // Shed long before the queries it waited behind could have finished.
        expect(r.ms).toBeLessThan(slow / 2)
      }
    } finally {
      await app.close()
    }
  })
})
