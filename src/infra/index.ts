/**
 * Finds or starts everything the API needs (Postgres, Redis, and the scenarios' slow upstream),
 * migrates the database (and seeds it when DEMO_DATA asks), and returns a config in which every
 * URL is known, plus one `stop` that ends whatever was started, in reverse order. Used by
 * `npm start`, the bench and the tests alike.
 */
import { unusable, type AppConfig, type Config } from '../config.js'
import { databaseUnavailable } from '../db/connection-errors.js'
import { migrationHistories } from '../db/migration-histories.js'
import { prepareDatabase } from '../db/migrate.js'
import { providePostgres } from './postgres.js'
import type { Provided } from './provided.js'
import { provideRedis } from './redis.js'
// exhibit:start
import { provideUpstream } from '../exhibits/infra/upstream.js'
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
    provideRedis({ url: config.redisUrl, searchPath: config.searchPath, dataDir: config.embeddedRedisDir }),
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
  const sources: string[] = []
  // exhibit:start
  const upstream = started[2]!
  // exhibit:end
  try {
    const seeded = await prepareDatabase(postgres.url, {
      migrations: config.dbMigrateOnStart ? migrationHistories : [],
      demoData: config.demoData,
    })
    if (seeded) sources.push('demo data: seeded (DEMO_DATA=true)')
  } catch (err) {
    await stop()
    throw notReachable(postgres, err)
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
      ...sources,
    ],
    stop,
  }
}

/** Postgres refused the login, or has no such database: the URL is wrong, not the code. */
const REFUSED_LOGIN = new Set(['28000', '28P01', '3D000', 'ENOTFOUND', 'EAI_AGAIN'])

/**
 * A database that does not answer at start, or refuses the URL: one line that names where the URL
 * came from and the address tried (no password). Any other error (a migration that fails) as it is.
 */
function notReachable(postgres: Provided, err: unknown): unknown {
  const code = err instanceof Error && 'code' in err ? String(err.code) : ''
  if (!databaseUnavailable(err) && !REFUSED_LOGIN.has(code)) return err
  return unusable(postgres.source === 'DATABASE_URL' ? 'DATABASE_URL' : 'the embedded PostgreSQL', postgres.url, err)
}
