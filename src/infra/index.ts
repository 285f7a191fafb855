/**
 * Finds or starts everything the API needs (Postgres, Redis, and the scenarios' slow upstream), prepares the
 * database, and returns a config in which every URL is known, plus one `stop` that ends whatever
 * was started, in reverse order. Used by `npm start`, the bench and the tests alike.
 */
import type { AppConfig, Config } from '../config.js'
import { prepareDatabase } from '../db/prepare.js'
import { providePostgres } from './postgres.js'
import type { Provided } from './provided.js'
import { provideRedis } from './redis.js'
// exhibit:start
import { provideUpstream } from './upstream.js'
// exhibit:end

export interface Infrastructure {
  readonly config: AppConfig
  /** One line per piece: where it came from. */
  readonly sources: readonly string[]
  stop(): Promise<void>
}

export async function startInfrastructure(config: Config): Promise<Infrastructure> {
  const started: Provided[] = []
  // Idempotent: stops each piece once, in reverse order of start.
  const stop = async () => {
    for (const piece of started.splice(0).reverse()) await piece.stop()
  }
  const results = await Promise.allSettled([
    providePostgres(config.databaseUrl, config.embeddedPostgresDir),
    provideRedis({ url: config.redisUrl, searchPath: config.searchPath }),
    // exhibit:start
    provideUpstream(config.upstream.url, config.upstream.delayMs),
    // exhibit:end
  ])
  for (const result of results) if (result.status === 'fulfilled') started.push(result.value)
  const failure = results.find((result) => result.status === 'rejected')
  if (failure) {
    await stop()
    throw failure.reason
  }
  const [postgres, redis] = started as [Provided, Provided]
  // exhibit:start
  const upstream = started[2]!
  // exhibit:end
  try {
    await prepareDatabase(postgres.url)
  } catch (err) {
    await stop()
    throw err
  }
  return {
    config: Object.freeze({
      ...config,
      databaseUrl: postgres.url,
      redisUrl: redis.url,
      // exhibit:start
      upstream: Object.freeze({ ...config.upstream, url: upstream.url }),
      // exhibit:end
    }),
    sources: [
      `postgres: ${postgres.source}`,
      `redis: ${redis.source}`,
      // exhibit:start
      `upstream: ${upstream.source}`,
      // exhibit:end
    ],
    stop,
  }
}
