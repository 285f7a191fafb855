/**
 * Outbound HTTP: every variant keeps the same contract, and the claims hold: the blocking variant
 * serialises the whole server for the upstream's latency, the async ones do not.
 */
import { describe, expect, it } from 'vitest'
import { outboundHttp } from './index.js'
import { listeningApp, testConfig, useListeningApp } from '../../../../test/helpers/app.js'
import { expectConcurrency } from '../../../../test/helpers/claims.js'
import { get } from '../../../../test/helpers/http.js'
import { burst } from '../../../../test/helpers/load.js'
import { buildApp } from '../../../app.js'
import { waitFor } from '../../../../test/helpers/wait.js'
import {
  closedPortUrl,
  countingServer,
  resettingServer,
  silentServer,
  statusServer,
  tricklingServer,
} from '../../../../test/helpers/servers.js'

const variants = outboundHttp.variants.map((v) => v.name)
const DELAY_MS = 200
const CONCURRENT = 8

describe('outbound-http', () => {
  const server = useListeningApp()

  it('every variant answers the same status and body', async () => {
    const replies = await Promise.all(variants.map((v) => get(`${server.url}/http/${v}?delayMs=5`)))
    for (const reply of replies) {
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual({ upstreamDelayMs: 5 })
    }
    const rejected = await Promise.all(variants.map((v) => get(`${server.url}/http/${v}?delayMs=-1`)))
    for (const reply of rejected) {
      expect(reply.status).toBe(400)
      expect(reply.body).toEqual(rejected[0]!.body)
      expect(reply.body).toMatchObject({ code: 'FST_ERR_VALIDATION', message: expect.stringContaining('delayMs') })
    }
  })

  it('the plain path serves the flagged variant (pooled by default)', async () => {
    const { body } = await get(`${server.url}/scenarios`)
    expect(body).toMatchObject({
      scenarios: expect.arrayContaining([
        expect.objectContaining({ name: 'outbound-http', path: '/http', activeVariant: 'pooled' }),
      ]),
    })
    expect(await get(`${server.url}/http?delayMs=1`)).toMatchObject({ status: 200, body: { upstreamDelayMs: 1 } })
  })

  const burstOf = (variant: string) =>
    burst(server.url, `/http/${variant}?delayMs=${DELAY_MS}`, CONCURRENT, DELAY_MS / 2)

  for (const [variant, claim, serialises, blocksLoop] of [
    ['blocking', 'N concurrent calls take about N × delay, and the event loop stalls for each', true, true],
    ['new-connection', 'N concurrent calls take about one delay, and the event loop stays free', false, false],
    ['pooled', 'N concurrent calls take about one delay, and the event loop stays free', false, false],
  ] as const) {
    it(`${variant}: ${claim}`, async () => {
      expectConcurrency(await burstOf(variant), { count: CONCURRENT, latencyMs: DELAY_MS, serialises, blocksLoop })
    })
  }
})

describe('outbound-http sockets', () => {
  it('pooled reuses its keep-alive sockets and never opens more than its cap; new-connection opens one per call', async () => {
    const CAP = 4
    for (const [variant, expected] of [
      ['pooled', (accepted: number, mostOpen: number) => accepted <= CAP && mostOpen <= CAP],
      ['new-connection', (accepted: number) => accepted >= 2 * CONCURRENT],
    ] as const) {
      const upstream = await countingServer()
      const { app, url } = await listeningApp({ upstream: { url: upstream.url, connections: CAP } })
      try {
        // Two waves of CONCURRENT (twice the cap): the second finds the first's sockets free.
        for (let wave = 0; wave < 2; wave++) {
          const replies = await Promise.all(
            Array.from({ length: CONCURRENT }, () => get(`${url}/http/${variant}?delayMs=20`)),
          )
          expect(replies.map((r) => r.status)).toEqual(Array.from({ length: CONCURRENT }, () => 200))
        }
        const { accepted, mostOpen } = await upstream.connections()
        expect(expected(accepted, mostOpen), `${variant}: ${accepted} connections, ${mostOpen} at once`).toBe(true)
      } finally {
        await app.close()
        await upstream.close()
      }
    }
  })
})

describe('outbound-http when the upstream misbehaves', () => {
  it('an upstream that never answers gives 504 at the deadline, never a hang, and leaves no socket open', async () => {
    const silent = await silentServer()
    const app = await buildApp(testConfig({ upstream: { url: silent.url, timeoutMs: 300 } }))
    try {
      for (const variant of variants) {
        const start = performance.now()
        const alone = await app.inject(`/http/${variant}`)
        expect(performance.now() - start).toBeLessThan(10 * 300)
        // Then several at once (the blocking variant takes them one after another).
        const replies = [alone, ...(await Promise.all(Array.from({ length: 4 }, () => app.inject(`/http/${variant}`))))]
        for (const reply of replies) {
          expect(reply.statusCode).toBe(504)
          expect(reply.json()).toMatchObject({
            code: 'BS_UPSTREAM_TIMEOUT',
            message: expect.stringContaining('300 ms'),
          })
        }
        // Every call that timed out has closed its socket (a socket undici re-opens for an aborted
        // request would stay open for ever: https://github.com/nodejs/undici/issues/5845).
        await waitFor(`${variant}: no socket left open to the upstream`, () => silent.open() === 0, {
          timeoutMs: 5_000,
        })
      }
    } finally {
      await app.close()
      await silent.close()
    }
  })

  it('an upstream that trickles its body for ever gives 504 at the deadline; one that resets mid-body, 502', async () => {
    const timeoutMs = 500
    const trickling = await tricklingServer(50)
    const resetting = await resettingServer()
    try {
      for (const [upstream, status, code] of [
        [trickling, 504, 'BS_UPSTREAM_TIMEOUT'],
        [resetting, 502, 'BS_UPSTREAM_UNAVAILABLE'],
      ] as const) {
        const app = await buildApp(testConfig({ upstream: { url: upstream.url, timeoutMs } }))
        try {
          for (const variant of variants) {
            const start = performance.now()
            const reply = await app.inject(`/http/${variant}?delayMs=3`)
            expect({ variant, status: reply.statusCode, code: reply.json<{ code: string }>().code }).toEqual({
              variant,
              status,
              code,
            })
            // Whatever the upstream does, the call ends near its deadline (the blocking variant's
            // guard adds a second), never when the upstream chooses.
            expect(performance.now() - start).toBeLessThan(timeoutMs + 3_000)
          }
          // No socket is left trickling: the pool is empty once the calls have ended.
          expect(app.upstream.stats.connected).toBe(0)
        } finally {
          await app.close()
        }
      }
    } finally {
      await trickling.close()
      await resetting.close()
    }
  })

  it('an upstream that is down, or answers 503, gives a 502 that says which call failed', async () => {
    const failing = await statusServer(503)
    const down = await closedPortUrl()
    for (const [upstreamUrl, code] of [
      [failing.url, 'BS_UPSTREAM_BAD_STATUS'],
      [down, 'BS_UPSTREAM_UNAVAILABLE'],
    ] as const) {
      const app = await buildApp(testConfig({ upstream: { url: upstreamUrl, timeoutMs: 1_000 } }))
      try {
        for (const variant of variants) {
          const reply = await app.inject(`/http/${variant}?delayMs=3`)
          expect(reply.statusCode).toBe(502)
          expect(reply.json()).toMatchObject({ code, message: expect.stringContaining('/delay/3') })
        }
      } finally {
        await app.close()
      }
    }
    await failing.close()
  })
})
