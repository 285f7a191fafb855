/**
 * The only module that reads the environment. One zod schema turns `process.env` into a frozen,
 * typed `Config`; a bad value fails start-up with a message that names the variable.
 * Every variable is listed, with its default and why, in `.env.example`.
 */
import { z } from 'zod'

const port = z.coerce.number().int().min(0).max(65535)
const positiveInt = z.coerce.number().int().positive()
const optionalUrl = z.url().optional()
const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

// exhibit:start (npm run template:strip removes what lies between these markers)
/**
 * `SCENARIO_<NAME>=off|<variant>`: taken as written here, checked against the scenarios where the
 * app mounts them (scenario-kit/flags.ts), so this module does not depend on them.
 */
const SCENARIO_FLAG = /^SCENARIO_[A-Z0-9_]+$/
const scenarioFlagValue = z.string().regex(/^[a-z0-9-]+$/, 'off, or a variant name in kebab-case')
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
  UPSTREAM_URL: optionalUrl,
  UPSTREAM_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(50),
  UPSTREAM_TIMEOUT_MS: positiveInt.default(5_000),
  UPSTREAM_CONNECTIONS: positiveInt.default(128),
  BENCH_ROUTES: booleanFlag.default(false),
  LOGGING_DESTINATION: z.string().min(1).optional(),
  SWAP_FIXES: booleanFlag.default(false),
  WORKSHOP: booleanFlag.default(false),
  VERIFY_EXERCISE: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'a scenario name')
    .optional(),
  EXERCISE_ANSWER: z
    .string()
    .regex(/^[a-z0-9-]+:[a-z0-9-]+$/, '<scenario>:<variant>')
    .optional(),
  // exhibit:end
  PATH: z.string().default(''),
})

/** Every variable the app reads, for docs and the test that keeps .env.example complete. */
export const configVariables: readonly string[] = Object.keys(envSchema.shape)

// exhibit:start
/** `SCENARIO_<NAME>` → `off` or a variant name, as set in the environment. */
export type ScenarioFlags = Readonly<Record<string, string>>
// exhibit:end

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
  // exhibit:start
  /** The slow upstream of the scenarios, and the client that calls it. */
  readonly upstream: {
    readonly url: string | undefined
    /** The delay our own upstream applies when a request names none. */
    readonly delayMs: number
    /** Headers and body timeout of every upstream call. */
    readonly timeoutMs: number
    /** Cap on the upstream pool's sockets (undici's default is unlimited). */
    readonly connections: number
  }
  /** Exposes `/_bench/*` (event-loop histogram, memory) for the benchmark runner. */
  readonly benchRoutes: boolean
  /**
   * Where the logging scenario's variants write: a path such as a FIFO that a log consumer reads
   * (the bench's slow consumer). Unset: a file per variant under FILES_DIR/logs.
   */
  readonly loggingDestination: string | undefined
  /**
   * Serves every optimised variant's route with its naive sibling's handler: the swapped run
   * (`npm run test:swapped`) proves each claim test fails when the fix is undone. Never in production.
   */
  readonly swapFixes: boolean
  /** Serves each scenario's exercise (a learner's copy of its naive variant) at `<prefix>/exercise`. */
  readonly workshop: boolean
  /**
   * For `npm run verify -- <scenario>`. `scenario`: its solution's routes serve the exercise, so the
   * solution's claim tests judge the learner's code. `answer`: a variant whose code that scenario's
   * exercise route serves instead of exercise.ts (`verify --answer`: the model answer must pass).
   */
  readonly verify: {
    readonly scenario: string | undefined
    readonly answer: { readonly scenario: string; readonly variant: string } | undefined
  }
  /** The `SCENARIO_*` variables that are set; unset ones leave a scenario on its default variant. */
  readonly scenarioFlags: ScenarioFlags
  // exhibit:end
}

/** A config whose infrastructure has been found or started: every URL is known. */
export type AppConfig = Config & {
  readonly databaseUrl: string
  readonly redisUrl: string
  // exhibit:start
  readonly upstream: Config['upstream'] & { readonly url: string }
  // exhibit:end
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

// exhibit:start
/** `<scenario>:<variant>` → its parts. */
function parseAnswer(value: string | undefined): { scenario: string; variant: string } | undefined {
  if (value === undefined) return undefined
  const [scenario = '', variant = ''] = value.split(':')
  return Object.freeze({ scenario, variant })
}
// exhibit:end

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  // exhibit:start
  const flags: Record<string, string> = {}
  const badFlags: string[] = []
  for (const [name, value] of Object.entries(env)) {
    if (!SCENARIO_FLAG.test(name) || value === undefined) continue
    const checked = scenarioFlagValue.safeParse(value)
    if (checked.success) flags[name] = checked.data
    else badFlags.push(`  ${name}: ${checked.error.issues[0]?.message ?? 'invalid'}`)
  }
  if (badFlags.length > 0) throw new ConfigError(`Invalid environment:\n${badFlags.join('\n')}`)
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
    upstream: Object.freeze({
      url: e.UPSTREAM_URL,
      delayMs: e.UPSTREAM_DELAY_MS,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      connections: e.UPSTREAM_CONNECTIONS,
    }),
    benchRoutes: e.BENCH_ROUTES,
    loggingDestination: e.LOGGING_DESTINATION,
    swapFixes: e.SWAP_FIXES,
    workshop: e.WORKSHOP,
    verify: Object.freeze({ scenario: e.VERIFY_EXERCISE, answer: parseAnswer(e.EXERCISE_ANSWER) }),
    scenarioFlags: Object.freeze(flags),
    // exhibit:end
  })
}
