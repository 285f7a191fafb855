/**
 * The app factory: builds a Fastify instance from a config whose infrastructure is known, and
 * never listens. server.ts listens; tests use `app.inject` or listen on port 0 themselves.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { validatorCompiler } from 'fastify-type-provider-zod'
import type { AppConfig } from './config.js'
import db from './plugins/db.js'
import drainOnClose from './plugins/drain-on-close.js'
import errorHandler from './plugins/error-handler.js'
import notFound from './plugins/not-found.js'
import health from './plugins/health.js'
import loopStallLog from './plugins/loop-stall-log.js'
import metrics from './plugins/metrics.js'
import openapi from './plugins/openapi.js'
import redis from './plugins/redis.js'
import reportQueue from './plugins/report-queue.js'
import jobRoutes from './jobs/routes.js'
import orderRoutes from './routes/orders.js'
import { compiledSerializerCompiler } from './serializer.js'
// exhibit:start
import exhibits from './exhibits/plugin.js'
// exhibit:end

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
  }
}

export interface BuildOptions {
  /** Pino options, or false for none (the default, for tests). */
  readonly logger?: FastifyServerOptions['logger']
}

/** A second, or less for a shorter timeout (a sweep walks the open connections: cheap). */
const connectionsCheckingIntervalMs = (requestTimeoutMs: number) => Math.max(50, Math.min(1_000, requestTimeoutMs / 4))

async function registerPlugins(app: FastifyInstance, config: AppConfig) {
  await app.register(errorHandler)
  await app.register(openapi)
  await app.register(drainOnClose)
  await app.register(db, {
    url: config.databaseUrl,
    poolSize: config.dbPoolSize,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    statementTimeoutMs: config.dbStatementTimeoutMs,
  })
  await app.register(redis, { url: config.redisUrl })
  await app.register(reportQueue)
  // Before the routes, so their onRoute hooks time and watch every one of them.
  if (config.metrics) await app.register(metrics)
  await app.register(loopStallLog)
  await app.register(jobRoutes)
  await app.register(orderRoutes)
  await app.register(health)
  // exhibit:start
  await app.register(exhibits)
  // exhibit:end
  // Last: the 404 reply runs every hook registered before it, and the timing and the stall log of
  // unmatched requests run for it alone, not on every route.
  await app.register(notFound, {
    onRequest: app.stallLogUnmatched.onRequest,
    onResponse: [...(config.metrics ? [app.timeUnmatchedRequest] : []), ...app.stallLogUnmatched.onResponse],
  })
}

export async function buildApp(config: AppConfig, { logger = false }: BuildOptions = {}) {
  const app = Fastify({
    logger,
    // Fastify's default is 0 (no limit): a client that never finishes its request holds a socket.
    requestTimeout: config.requestTimeoutMs,
    // Node enforces that timeout only when it sweeps its connections, every 30 s by default: a
    // slow client could outlive a 30 s timeout by another 30. Sweep often enough that the timeout
    // holds to within a second.
    http: { connectionsCheckingInterval: connectionsCheckingIntervalMs(config.requestTimeoutMs) },
    // On close, reject new requests with 503 and drop idle keep-alive sockets; in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  })
  app.decorate('config', config)
  // Requests are validated by zod (its coercion and messages); replies are serialised by
  // fast-json-stringify from the same zod schemas (see serializer.ts for why not zod's serializer).
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(compiledSerializerCompiler)
  try {
    await registerPlugins(app, config)
  } catch (err) {
    // Whatever opened before the failure (a pool, a Redis client, a worker) must not keep the
    // process alive after it.
    await app.close().catch(() => {})
    throw err
  }
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
