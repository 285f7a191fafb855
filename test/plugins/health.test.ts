import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../helpers/app.js'
import { closedPortUrl, silentServer } from '../helpers/servers.js'

describe('health', () => {
  it('is live and ready against the real Postgres and Redis', async () => {
    const app = await buildApp(testConfig())
    try {
      expect((await app.inject('/health')).json()).toEqual({ status: 'ok' })
      const ready = await app.inject('/health/ready')
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } })
    } finally {
      await app.close()
    }
  })

  it('answers 503, naming the culprit, when Postgres or Redis cannot be reached', async () => {
    const app = await buildApp(
      testConfig({ databaseUrl: await closedPortUrl('postgres'), redisUrl: await closedPortUrl('redis') }),
    )
    try {
      expect((await app.inject('/health')).statusCode).toBe(200)
      const ready = await app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      const body = ready.json<{ status: string; checks: Record<string, string> }>()
      expect(body.status).toBe('not-ready')
      expect(body.checks.postgres).toMatch(/ECONNREFUSED|connect/i)
      expect(body.checks.redis).not.toBe('ok')
    } finally {
      await app.close()
    }
  })

  it('answers 503 within its own bound, naming Postgres, when Postgres accepts connections and never answers', async () => {
    // The driver's own connect timeout (5 s) is longer than the probe's bound (2 s): the reply
    // must come from the bound, and say so, not from the driver later.
    const silent = await silentServer()
    const app = await buildApp(testConfig({ databaseUrl: silent.url.replace('http', 'postgres') }))
    try {
      const ready = await app.inject('/health/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({
        status: 'not-ready',
        checks: { postgres: 'postgres did not answer within 2000 ms', redis: 'ok' },
      })
    } finally {
      await app.close()
      await silent.close()
    }
  })
})
