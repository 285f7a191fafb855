/**
 * Finds a Redis, in this order: REDIS_URL; a server already answering on 127.0.0.1:6379; a
 * `redis-server` (or `valkey-server`) from PATH, started on a free port with persistence off.
 * Otherwise it fails with a message that names those three ways.
 */
import { spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { stopProcess } from './child-process.js'
import { freePort } from './free-port.js'
import type { Provided } from './provided.js'

const DEFAULT_LOCAL_URL = 'redis://127.0.0.1:6379'

/** PING with a short connect timeout and no retries: true when a Redis answers at `url`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  })
  client.on('error', () => {})
  try {
    await client.connect()
    return (await client.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

async function findOnPath(names: readonly string[], searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = join(dir, name)
      try {
        await access(candidate, constants.X_OK)
        return candidate
      } catch {
        // not here
      }
    }
  }
  return undefined
}

export interface RedisSearch {
  /** REDIS_URL, used as is when set. */
  readonly url: string | undefined
  /** Where to look for `redis-server` / `valkey-server`. */
  readonly searchPath: string
  /** The local Redis tried before starting one; a parameter so tests can point it elsewhere. */
  readonly localUrl?: string
}

export async function provideRedis({ url, searchPath, localUrl = DEFAULT_LOCAL_URL }: RedisSearch): Promise<Provided> {
  if (url) return { url, source: 'REDIS_URL', stop: async () => {} }
  if (await redisAnswers(localUrl)) {
    return { url: localUrl, source: `local Redis at ${localUrl}`, stop: async () => {} }
  }
  const binary = await findOnPath(['redis-server', 'valkey-server'], searchPath)
  if (!binary) {
    throw new Error(
      `No Redis found. Give one of: REDIS_URL=redis://host:port; a Redis answering at ${localUrl}; ` +
        'or redis-server (or valkey-server) on PATH, which we then start on a free port.',
    )
  }
  const port = await freePort()
  // noeviction: BullMQ's job data must never be evicted (https://docs.bullmq.io/guide/going-to-production).
  const server = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  )
  const startedUrl = `redis://127.0.0.1:${port}`
  for (let attempt = 0; !(await redisAnswers(startedUrl, 200)); attempt++) {
    if (server.exitCode !== null || attempt > 50) throw new Error(`${binary} did not start on port ${port}`)
    await sleep(100)
  }
  return {
    url: startedUrl,
    source: `${binary} on port ${port} (REDIS_URL=${startedUrl})`,
    stop: () => stopProcess(server),
  }
}
