/**
 * One ioredis client for the API process, decorated as `app.redis`. No offline queue: while Redis
 * is down a command fails at once instead of waiting in memory, so callers can answer 503 quickly.
 * It reconnects by itself when Redis comes back.
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { distinctErrorLogger } from '../log-distinct-errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

export interface RedisPluginOptions {
  readonly url: string
}

const INITIAL_CONNECT_WAIT_MS = 2_000

async function redisPlugin(app: FastifyInstance, { url }: RedisPluginOptions) {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  })
  const errors = distinctErrorLogger(app.log, 'redis connection error')
  redis.on('error', errors.error)
  redis.on('ready', errors.recovered)
  // Give the first connection a moment, so a healthy start is ready at once; but start anyway
  // if Redis is down: the API serves what does not need it and /health/ready says why.
  await Promise.race([redis.connect(), sleep(INITIAL_CONNECT_WAIT_MS, undefined, { ref: false })]).catch(() => {})
  app.decorate('redis', redis)
  app.addHook('onClose', async () => {
    if (redis.status === 'ready') await redis.quit()
    else redis.disconnect()
  })
}

export default fp(redisPlugin, { name: 'redis', fastify: '5.x' })
