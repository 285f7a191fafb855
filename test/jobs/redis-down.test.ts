/**
 * Redis stops mid-run: enqueueing answers 503 quickly with a clear message, the rest of the API
 * keeps serving, and enqueueing works again by itself once Redis is back on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../../src/infra/free-port.js'
import { redisAnswers } from '../../src/infra/redis.js'
import { reportJobId } from '../../src/jobs/report-job.js'
import { listeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
}

async function enqueue(url: string, idempotencyKey?: string) {
  const start = performance.now()
  const { statusCode, body } = await request(`${url}/jobs/reports`, {
    method: 'POST',
    body: JSON.stringify({ rows: 10 }),
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    headersTimeout: 10_000,
  })
  return { status: statusCode, body: (await body.json()) as Record<string, unknown>, ms: performance.now() - start }
}

/** A redis-server of the test's own on a free port, that the test stops, freezes and restarts. */
class OwnRedis {
  #server: ChildProcess | undefined
  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort())
    await redis.restart()
    return redis
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async restart(): Promise<void> {
    this.#server = startRedis(this.port)
    await waitFor('redis-server answers', () => redisAnswers(this.url))
  }

  async kill(): Promise<void> {
    const server = this.#server
    if (!server || server.exitCode !== null || server.signalCode !== null) return
    const exited = once(server, 'exit')
    server.kill('SIGCONT')
    server.kill('SIGKILL')
    await exited
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.#server?.kill(signal)
  }
}

describe('report queue when Redis goes away', () => {
  const opened: OwnRedis[] = []
  afterEach(async () => {
    for (const redis of opened.splice(0)) await redis.kill()
  })
  async function appOnOwnRedis() {
    const redis = await OwnRedis.start()
    opened.push(redis)
    const { app, url } = await listeningApp({ redisUrl: redis.url })
    return { redis, app, url }
  }

  it('503 fast while Redis is down, other routes fine, and back by itself', async () => {
    const { redis, app, url } = await appOnOwnRedis()
    try {
      expect((await enqueue(url)).status).toBe(202)

      await redis.kill()
      const down = await enqueue(url)
      expect(down).toMatchObject({
        status: 503,
        body: { code: 'BS_QUEUE_UNAVAILABLE', message: expect.stringContaining('queue') },
      })
      expect(down.ms).toBeLessThan(3_000)
      expect((await get(`${url}/health`)).status).toBe(200)
      expect((await get(`${url}/health/ready`)).body).toMatchObject({ checks: { postgres: 'ok' } })
      // /metrics still answers: the queue down, its job series absent rather than stale.
      const scrape = await request(`${url}/metrics`, { headersTimeout: 10_000, bodyTimeout: 10_000 })
      expect(scrape.statusCode).toBe(200)
      const text = await scrape.body.text()
      expect(text).toContain('\nblindspots_report_queue_up 0')
      expect(text).not.toMatch(/^blindspots_report_queue_jobs\{/m)
      expect(text).not.toMatch(/^blindspots_report_job_seconds\{/m)

      await redis.restart()
      await waitFor('enqueueing works again', async () => (await enqueue(url)).status === 202, {
        timeoutMs: 15_000,
        intervalMs: 200,
      })
    } finally {
      await app.close()
    }
  }, 40_000)

  it('a Redis that stops answering (frozen, its socket open): enqueue and readiness answer 503 from their own 2 s bound', async () => {
    const { redis, app, url } = await appOnOwnRedis()
    try {
      expect((await enqueue(url)).status).toBe(202)
      redis.signal('SIGSTOP')
      // The connection stays up, so no error comes: only the bound ends the wait.
      const [stuck, ready] = await Promise.all([enqueue(url), get(`${url}/health/ready`, 10_000)])
      expect(stuck).toMatchObject({
        status: 503,
        body: { code: 'BS_QUEUE_UNAVAILABLE', message: expect.stringContaining('no answer within 2000 ms') },
      })
      expect(ready).toMatchObject({
        status: 503,
        body: { checks: { postgres: 'ok', redis: 'redis did not answer within 2000 ms' } },
      })
    } finally {
      redis.signal('SIGCONT')
      await app.close()
    }
  }, 40_000)

  it('an enqueue refused while Redis is down never becomes a job once Redis is back (nothing waits in memory)', async () => {
    const { redis, app, url } = await appOnOwnRedis()
    try {
      await redis.kill()
      expect((await enqueue(url, 'refused-while-down')).status).toBe(503)
      await redis.restart()
      await waitFor('enqueueing works again', async () => (await enqueue(url)).status === 202, {
        timeoutMs: 15_000,
        intervalMs: 200,
      })
      // The client was told 503 and may retry: a copy sent later from memory would run twice.
      expect(await app.reports.find(reportJobId('refused-while-down'))).toBeNull()
    } finally {
      await app.close()
    }
  }, 40_000)
})
