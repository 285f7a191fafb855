/**
 * Fan-out: both variants answer the same three results, or the same 502 (504 at the deadline)
 * naming the failed call;
 * awaited in sequence the page costs three delays, started together about one.
 */
import { describe, expect, it } from 'vitest'
import { fanOut } from './index.js'
import { buildApp } from '../../../app.js'
import { testConfig, useListeningApp } from '../../../../test/helpers/app.js'
import { silentServer } from '../../../../test/helpers/servers.js'
import { waitFor } from '../../../../test/helpers/wait.js'
import { get } from '../../../../test/helpers/http.js'

const DELAY_MS = 150
const variants = fanOut.variants.map((v) => v.name)

describe('fan-out', () => {
  const server = useListeningApp()

  it('both variants answer the same status and body', async () => {
    const part = { upstreamDelayMs: 2 }
    for (const reply of await Promise.all(variants.map((v) => get(`${server.url}/fan-out/${v}?delayMs=2`)))) {
      expect(reply).toMatchObject({ status: 200, body: { profile: part, orders: part, recommendations: part } })
    }
    for (const bad of ['delayMs=-1', 'fail=everything']) {
      const rejected = await Promise.all(variants.map((v) => get(`${server.url}/fan-out/${v}?${bad}`)))
      expect(rejected.map((r) => r.status)).toEqual([400, 400])
      expect(rejected[0]!.body).toEqual(rejected[1]!.body)
    }
  })

  it('a failing call gives the same 502 in both variants, naming the call', async () => {
    const replies = await Promise.all(variants.map((v) => get(`${server.url}/fan-out/${v}?delayMs=2&fail=orders`)))
    for (const reply of replies) {
      expect(reply.status).toBe(502)
      expect(reply.body).toMatchObject({
        code: 'BS_FAN_OUT_PART_FAILED',
        message: expect.stringMatching(/^The orders call failed: .*503/),
      })
    }
    expect(replies[0]!.body).toEqual(replies[1]!.body)
  })

  it('an upstream that never answers: the same 504 in both variants at the deadline, naming the call, no socket left open', async () => {
    const silent = await silentServer()
    const app = await buildApp(testConfig({ upstream: { url: silent.url, timeoutMs: 300 } }))
    try {
      for (const variant of variants) {
        const replies = await Promise.all(Array.from({ length: 10 }, () => app.inject(`/fan-out/${variant}`)))
        for (const reply of replies) {
          expect(reply.statusCode).toBe(504)
          expect(reply.json()).toMatchObject({
            code: 'BS_FAN_OUT_PART_TIMEOUT',
            message: 'The profile call did not answer within 300 ms',
          })
        }
        await waitFor(`${variant}: no socket left open to the upstream`, () => silent.open() === 0, {
          timeoutMs: 5_000,
        })
      }
    } finally {
      await app.close()
      await silent.close()
    }
  })

  it('sequential costs about three delays, concurrent about one', async () => {
    const sequential = await get(`${server.url}/fan-out/sequential?delayMs=${DELAY_MS}`)
    const concurrent = await get(`${server.url}/fan-out/concurrent?delayMs=${DELAY_MS}`)
    expect(sequential.ms).toBeGreaterThan(2.7 * DELAY_MS)
    expect(sequential.ms / concurrent.ms).toBeGreaterThan(2)
  })
})
