/**
 * The exhibits as one Fastify plugin, the app's only registration of them: the slow upstream's
 * client, the bench's stats routes (BENCH_ROUTES), and every scenario of the registry with
 * GET /scenarios. Everything under src/exhibits/ is the exhibits; the rest of src/ is the service
 * (`npm run template:strip` deletes this folder and the line that registers it).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import benchStats from './plugins/bench-stats.js'
import upstreamClient from './plugins/upstream-client.js'
import mountScenarios from './scenario-kit/mount-scenarios.js'
import { scenarios } from './scenarios/index.js'

async function exhibits(app: FastifyInstance) {
  const { upstream, benchRoutes } = app.config
  await app.register(upstreamClient, {
    url: upstream.url,
    timeoutMs: upstream.timeoutMs,
    connections: upstream.connections,
  })
  if (benchRoutes) await app.register(benchStats)
  await app.register(mountScenarios, { scenarios })
}

// fastify-plugin: its decorations (app.upstream) and the scenarios' routes belong to the app itself.
export default fp(exhibits, { name: 'exhibits', fastify: '5.x' })
