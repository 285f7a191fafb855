/**
 * The queue's operator signals: /jobs/metrics says `stuck` when jobs wait and no worker takes them
 * (and not otherwise), and the start-up check warns when Redis may evict queue keys.
 */
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { describe, expect, inject, it } from 'vitest'
import { warnUnlessNoEviction } from '../../src/jobs/worker.js'
import { useListeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'

describe('queue signals', () => {
  // No worker anywhere: a separate one is expected, and none is started.
  const server = useListeningApp({ reports: { worker: 'separate', queuePrefix: `test-${randomUUID()}` } })

  it('/jobs/metrics: not stuck while nothing waits; stuck once a job waits and no worker takes it', async () => {
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({ waiting: 0, workers: 0, stuck: false })
    await server.app.reports.enqueue({ rows: 10, simulateFailures: 0 }, undefined)
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({ waiting: 1, active: 0, workers: 0, stuck: true })
  })

  it('warns when Redis may evict queued jobs, and is quiet when it may not', async () => {
    const redis = new Redis(inject('redisUrl'))
    const [, before] = (await redis.config('GET', 'maxmemory-policy')) as [string, string]
    const warnings: string[] = []
    const log = { warn: (message: string) => void warnings.push(message), info: () => {}, error: () => {} }
    try {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru')
      await warnUnlessNoEviction(redis, log)
      expect(warnings).toEqual([expect.stringMatching(/allkeys-lru.*noeviction/)])
      await redis.config('SET', 'maxmemory-policy', 'noeviction')
      await warnUnlessNoEviction(redis, log)
      expect(warnings).toHaveLength(1)
    } finally {
      await redis.config('SET', 'maxmemory-policy', before)
      redis.disconnect()
    }
  })
})
