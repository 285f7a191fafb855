import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { provideRedis, redisAnswers } from '../../src/infra/redis.js'
import { redisServerOnPath } from '../helpers/redis-server.js'
import { closedPortUrl } from '../helpers/servers.js'

const dataDir = join(tmpdir(), `blindspots-redis-${process.pid}`)

describe('finding a Redis', () => {
  it('uses REDIS_URL as given', async () => {
    const redis = await provideRedis({ url: 'redis://example.test:1234', searchPath: '', dataDir })
    expect(redis.url).toBe('redis://example.test:1234')
  })

  it('fails with a message that names the three ways to give one', async () => {
    const nowhere = await closedPortUrl('redis')
    await expect(provideRedis({ url: undefined, searchPath: '', localUrl: nowhere, dataDir })).rejects.toThrow(
      /REDIS_URL.*answering at redis:\/\/127\.0\.0\.1:\d+.*redis-server \(or valkey-server\) on PATH/,
    )
  })

  const binary = redisServerOnPath()
  it.skipIf(!binary)('starts redis-server from PATH on a free port when none answers, and stops it', async () => {
    const nowhere = await closedPortUrl('redis')
    const redis = await provideRedis({ url: undefined, searchPath: dirname(binary!), localUrl: nowhere, dataDir })
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/)
      expect(await redisAnswers(redis.url)).toBe(true)
    } finally {
      await redis.stop()
    }
    expect(await redisAnswers(redis.url, 300)).toBe(false)
  })
})
