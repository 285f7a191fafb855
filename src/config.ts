/**
 * The only module that reads the environment. One zod schema turns `process.env` into a frozen,
 * typed `Config`; a bad value fails start-up with a message that names the variable.
 * Every variable is listed, with its default and why, in `.env.example`.
 */
import { z } from 'zod'
import { booleanFlag, optionalUrl, port, positiveInt } from './env-fields.js'
// exhibit:start (npm run template:strip removes what lies between these markers)
import { exhibitsEnv, readExhibitsSettings } from './exhibits/config.js'
// exhibit:end

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  METRICS: booleanFlag.default(true),
  LOOP_STALL_LOG_MS: z.coerce.number().int().min(0).max(60_000).default(200),
  DATABASE_URL: optionalUrl,
  EMBEDDED_POSTGRES_DIR: z.string().min(1).default('.data/postgres'),
  DB_POOL_SIZE: positiveInt.default(10),
  DB_ACQUIRE_TIMEOUT_MS: positiveInt.default(1_000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(5_000),
  DB_MIGRATE_ON_START: booleanFlag.default(true),
  DEMO_DATA: booleanFlag.default(false),
  FILES_DIR: z.string().min(1).default('.data/files'),
  REDIS_URL: optionalUrl,
  EMBEDDED_REDIS_DIR: z.string().min(1).default('.data/redis'),
  REPORT_WORKER: z.enum(['in-process', 'separate']).default('in-process'),
  REPORT_WORKER_CONCURRENCY: positiveInt.default(2),
  REPORT_JOB_ATTEMPTS: positiveInt.default(3),
  REPORT_BACKOFF_MS: positiveInt.default(1_000),
  REPORT_LOCK_MS: positiveInt.default(30_000),
  REPORT_RESULT_TTL_MS: positiveInt.default(3_600_000),
  REPORT_SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  REPORT_MAX_BACKLOG: positiveInt.default(1_000),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[\w-]+$/)
    .default('blindspots'),
  // exhibit:start
  ...exhibitsEnv,
  // exhibit:end
  PATH: z.string().default(''),
})

/** Every variable the app reads, for docs and the test that keeps .env.example complete. */
export const configVariables: readonly string[] = Object.keys(envSchema.shape)

export interface Config {
  readonly env: 'development' | 'production' | 'test'
  readonly host: string
  readonly port: number
  readonly logLevel: string
  /** Fastify's `requestTimeout`: 0 by default there, which lets a slow client hold a socket forever. */
  readonly requestTimeoutMs: number
  /** Serve GET /metrics (Prometheus) and time every request for it. */
  readonly metrics: boolean
  /** Warn on the log, naming the routes in flight, when the event loop was blocked longer than this (ms); 0: off. */
  readonly loopStallLogMs: number
  readonly databaseUrl: string | undefined
  readonly embeddedPostgresDir: string
  /** Where a redis-server we start keeps its append-only file, so queued jobs survive its restart. */
  readonly embeddedRedisDir: string
  readonly dbPoolSize: number
  /** Longest wait for a free pool connection before a 503 (postgres.js has no such limit). */
  readonly dbAcquireTimeoutMs: number
  /** Postgres statement_timeout on every connection: no query holds a connection forever. */
  readonly dbStatementTimeoutMs: number
  /** Apply the migrations the database lacks at start-up (off where a one-off job runs `db:migrate`). */
  readonly dbMigrateOnStart: boolean
  /**
   * Seed the demo rows (1,000 customers, 100,000 orders) at start-up if the tables are empty. Off
   * by default: a service pointed at its real database must never write made-up rows into it.
   */
  readonly demoData: boolean
  /** Where finished reports are written (and the file scenarios' generated files). */
  readonly filesDir: string
  readonly redisUrl: string | undefined
  /** PATH: where `redis-server` / `valkey-server` are looked for when no Redis answers. */
  readonly searchPath: string
  /** The report queue (BullMQ) and its workers. */
  readonly reports: {
    /** `in-process`: the API runs a worker too (the quick start); `separate`: `npm run worker` does. */
    readonly worker: 'in-process' | 'separate'
    readonly concurrency: number
    /** Tries per job, first included; then the job goes to the dead-letter queue. */
    readonly attempts: number
    /** First retry delay; each next one doubles, with jitter. */
    readonly backoffMs: number
    /** How long a worker's lock on a job lasts; a killed worker's job is taken over after it. */
    readonly lockMs: number
    /** Finished reports and their jobs are deleted after this long. */
    readonly resultTtlMs: number
    /** How long a closing worker waits for its active jobs before it lets them go back. */
    readonly shutdownGraceMs: number
    /**
     * Admission bound: unfinished jobs (waiting, delayed, active) beyond which a new report is
     * refused with 503 + Retry-After, instead of growing Redis and every later job's wait.
     */
    readonly maxBacklog: number
    /** Prefix of every BullMQ key, so several apps (or test runs) can share one Redis. */
    readonly queuePrefix: string
  }
}

/** A config whose infrastructure has been found or started: every URL is known. */
export interface AppConfig extends Config {
  readonly databaseUrl: string
  readonly redisUrl: string
}

/** A URL from the environment as it may be printed: its password masked. */
export function printableUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.href
}

/**
 * The environment does not let the service start: a variable with a bad value, or a dependency it
 * names that is not there. Told in one line that names the variable, without a stack.
 */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** A dependency named by `variable` that does not answer or refuses us, said as a ConfigError. */
export function unusable(variable: string, url: string, err: unknown): ConfigError {
  return new ConfigError(
    `${variable} (${printableUrl(url)}): cannot use it: ${err instanceof Error ? err.message : String(err)}`,
  )
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  // exhibit:start
  const exhibits = readExhibitsSettings(e, env)
  if (exhibits.problems.length > 0) throw new ConfigError(`Invalid environment:\n${exhibits.problems.join('\n')}`)
  // exhibit:end
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    metrics: e.METRICS,
    loopStallLogMs: e.LOOP_STALL_LOG_MS,
    databaseUrl: e.DATABASE_URL,
    embeddedPostgresDir: e.EMBEDDED_POSTGRES_DIR,
    embeddedRedisDir: e.EMBEDDED_REDIS_DIR,
    dbPoolSize: e.DB_POOL_SIZE,
    dbAcquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbMigrateOnStart: e.DB_MIGRATE_ON_START,
    demoData: e.DEMO_DATA,
    filesDir: e.FILES_DIR,
    redisUrl: e.REDIS_URL,
    searchPath: e.PATH,
    reports: Object.freeze({
      worker: e.REPORT_WORKER,
      concurrency: e.REPORT_WORKER_CONCURRENCY,
      attempts: e.REPORT_JOB_ATTEMPTS,
      backoffMs: e.REPORT_BACKOFF_MS,
      lockMs: e.REPORT_LOCK_MS,
      resultTtlMs: e.REPORT_RESULT_TTL_MS,
      shutdownGraceMs: e.REPORT_SHUTDOWN_GRACE_MS,
      maxBacklog: e.REPORT_MAX_BACKLOG,
      queuePrefix: e.QUEUE_PREFIX,
    }),
    // exhibit:start
    ...exhibits.settings,
    // exhibit:end
  })
}
