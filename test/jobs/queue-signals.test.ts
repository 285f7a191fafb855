/**
 * The queue's operator signals: /jobs/metrics says `stuck` when jobs wait and no worker takes them
 * (and not otherwise), and the start-up check warns when Redis may evict queue keys or keeps
 * nothing on disk.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { describe, expect, inject, it } from 'vitest'
import { stopProcess } from '../../src/infra/child-process.js'
import { freePort } from '../../src/infra/free-port.js'
import { startRedisServer } from '../../src/infra/redis.js'
import { warnIfJobsMayBeLost } from '../../src/jobs/worker.js'
import { redisServerOnPath } from '../helpers/redis-server.js'
import { useListeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'

describe('queue signals', () => {
  // No worker anywhere: a separate one is expected, and none is started.
  const server = useListeningApp({ reports: { worker: 'separate', queuePrefix: `test-${randomUUID()}` } })

  it('/jobs/metrics: not stuck while nothing waits; stuck once a job waits and no worker takes it', async () => {
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({ waiting: 0, workers: 0, stuck: false })
    await server.app.reports.enqueue({ rows: 10, simulateFailures: 0 }, undefined)
    expect((await get(`${server.url}/jobs/metrics`)).body).toMatchObject({
      waiting: 1,
      active: 0,
      workers: 0,
      stuck: true,
    })
  })

  const recorder = () => {
    const warnings: string[] = []
    return {
      warnings,
      log: { warn: (message: string) => void warnings.push(message), info: () => {}, error: () => {} },
    }
  }

  it('warns when Redis may evict queued jobs, and is quiet about eviction when it may not', async () => {
    const redis = new Redis(inject('redisUrl'))
    const [, before] = (await redis.config('GET', 'maxmemory-policy')) as [string, string]
    const { warnings, log } = recorder()
    const aboutEviction = () => warnings.filter((w) => w.includes('maxmemory-policy'))
    try {
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru')
      await warnIfJobsMayBeLost(redis, log)
      expect(aboutEviction()).toEqual([expect.stringMatching(/allkeys-lru.*noeviction/)])
      await redis.config('SET', 'maxmemory-policy', 'noeviction')
      await warnIfJobsMayBeLost(redis, log)
      expect(aboutEviction()).toHaveLength(1)
    } finally {
      await redis.config('SET', 'maxmemory-policy', before)
      redis.disconnect()
    }
  })

  const binary = redisServerOnPath()
  it.runIf(binary)(
    'the redis-server the project starts keeps its jobs (AOF, no eviction): no warning; one that keeps nothing on disk: a warning',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'blindspots-redis-aof-'))
      const port = await freePort()
      const server = await startRedisServer(binary!, port, dir)
      const redis = new Redis(`redis://127.0.0.1:${port}`)
      try {
        const { warnings, log } = recorder()
        await warnIfJobsMayBeLost(redis, log)
        expect(warnings).toEqual([])
        await redis.config('SET', 'appendonly', 'no')
        await warnIfJobsMayBeLost(redis, log)
        expect(warnings).toEqual([expect.stringMatching(/^Redis keeps nothing on disk.*appendonly yes/)])
      } finally {
        redis.disconnect()
        await stopProcess(server)
        await rm(dir, { recursive: true, force: true })
      }
    },
  )
})
