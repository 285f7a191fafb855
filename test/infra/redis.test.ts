import { dirname } from 'node:path'
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { provideRedis, redisAnswers } from '../../src/infra/redis.js'
import { closedPortUrl } from '../helpers/servers.js'

function which(binary: string): string | undefined {
  try {
    return execFileSync('which', [binary], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

describe('finding a Redis', () => {
  it('uses REDIS_URL as given', async () => {
    const redis = await provideRedis({ url: 'redis://example.test:1234', searchPath: '' })
    expect(redis.url).toBe('redis://example.test:1234')
  })

  it('fails with a message that names the three ways to give one', async () => {
    const nowhere = await closedPortUrl('redis')
    await expect(provideRedis({ url: undefined, searchPath: '', localUrl: nowhere })).rejects.toThrow(
      /REDIS_URL.*answering at redis:\/\/127\.0\.0\.1:\d+.*redis-server \(or valkey-server\) on PATH/,
    )
  })

  const binary = which('redis-server') ?? which('valkey-server')
  it.skipIf(!binary)('starts redis-server from PATH on a free port when none answers, and stops it', async () => {
    const nowhere = await closedPortUrl('redis')
    const redis = await provideRedis({ url: undefined, searchPath: dirname(binary!), localUrl: nowhere })
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/)
      expect(await redisAnswers(redis.url)).toBe(true)
    } finally {
      await redis.stop()
    }
    expect(await redisAnswers(redis.url, 300)).toBe(false)
  })
})
