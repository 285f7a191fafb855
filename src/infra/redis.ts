/**
 * Finds a Redis, in this order: REDIS_URL; a server already answering on 127.0.0.1:6379; a
 * `redis-server` (or `valkey-server`) from PATH, started on a free port, keeping its jobs on disk.
 * Otherwise it fails with a message that names those three ways.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { access, constants, mkdir } from 'node:fs/promises'
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
  /** Where a redis-server we start keeps its append-only file. */
  readonly dataDir: string
}

/**
 * What "no job lost" rests on (https://docs.bullmq.io/guide/going-to-production): every write in an
 * append-only file, flushed every second (a crash loses at most that second; a clean restart,
 * nothing), and no key ever evicted for memory.
 */
export const JOB_SAFE_REDIS_FLAGS = [
  '--appendonly',
  'yes',
  '--appendfsync',
  'everysec',
  '--maxmemory-policy',
  'noeviction',
] as const

/** A redis-server on `port` keeping its data in `dir`; started again on the same two, it has its jobs back. */
export async function startRedisServer(binary: string, port: number, dir: string): Promise<ChildProcess> {
  await mkdir(dir, { recursive: true })
  const server = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...JOB_SAFE_REDIS_FLAGS],
    { stdio: 'ignore' },
  )
  const url = `redis://127.0.0.1:${port}`
  for (let attempt = 0; !(await redisAnswers(url, 200)); attempt++) {
    if (server.exitCode !== null || attempt > 50) throw new Error(`${binary} did not start on port ${port}`)
    await sleep(100)
  }
  return server
}

export async function provideRedis({
  url,
  searchPath,
  localUrl = DEFAULT_LOCAL_URL,
  dataDir,
}: RedisSearch): Promise<Provided> {
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
  const server = await startRedisServer(binary, port, dataDir)
  const startedUrl = `redis://127.0.0.1:${port}`
  return {
    url: startedUrl,
    source: `${binary} on port ${port}, its jobs kept in ${dataDir} (REDIS_URL=${startedUrl})`,
    stop: () => stopProcess(server),
  }
}
