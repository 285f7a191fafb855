/**
 * Redis stops mid-run: enqueueing answers 503 quickly with a clear message, the rest of the API
 * keeps serving, and enqueueing works again by itself once Redis is back on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'undici'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/infra/free-port.js'
import { redisAnswers } from '../../src/infra/redis.js'
import { listeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
}

async function enqueue(url: string) {
  const start = performance.now()
  const { statusCode, body } = await request(`${url}/jobs/reports`, {
    method: 'POST',
    body: JSON.stringify({ rows: 10 }),
    headers: { 'content-type': 'application/json' },
    headersTimeout: 10_000,
  })
  return { status: statusCode, body: (await body.json()) as Record<string, unknown>, ms: performance.now() - start }
}

describe('report queue when Redis goes away', () => {
  let redis: ChildProcess | undefined
  afterAll(() => redis?.kill('SIGKILL'))

  it('503 fast while Redis is down, other routes fine, and back by itself', async () => {
    const port = await freePort()
    redis = startRedis(port)
    await waitFor('redis-server answers', () => redisAnswers(`redis://127.0.0.1:${port}`))
    const { app, url } = await listeningApp({ redisUrl: `redis://127.0.0.1:${port}` })
    try {
      expect((await enqueue(url)).status).toBe(202)

      redis.kill('SIGKILL')
      await once(redis, 'exit')
      const down = await enqueue(url)
      expect(down).toMatchObject({ status: 503, body: { code: 'BS_QUEUE_UNAVAILABLE', message: expect.stringContaining('queue') } })
      expect(down.ms).toBeLessThan(3_000)
      expect((await get(`${url}/health`)).status).toBe(200)
      expect((await get(`${url}/health/ready`)).body).toMatchObject({ checks: { postgres: 'ok' } })

      redis = startRedis(port)
      await waitFor('enqueueing works again', async () => (await enqueue(url)).status === 202, { timeoutMs: 15_000, intervalMs: 200 })
    } finally {
      await app.close()
    }
  }, 40_000)
})
