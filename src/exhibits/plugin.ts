/**
 * The exhibits as one Fastify plugin, the app's only registration of them: the slow upstream's
 * client, the bench's stats and ceiling routes (BENCH_ROUTES), and every scenario of the registry with
 * GET /scenarios (as the swapped run, the workshop or verify transform it: scenario-kit/modes.ts).
 * Everything under src/exhibits/ is the exhibits; the rest of src/ is the service
 * (`npm run template:strip` deletes this folder and the line that registers it).
 */
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import benchCeilings from './plugins/bench-ceilings.js'
import benchStats from './plugins/bench-stats.js'
import upstreamClient from './plugins/upstream-client.js'
import { applyModes, modeWarnings } from './scenario-kit/modes.js'
import mountScenarios from './scenario-kit/mount-scenarios.js'
import { scenarios } from './scenarios/index.js'

async function exhibits(app: FastifyInstance) {
  const { upstream, benchRoutes } = app.config
  await app.register(upstreamClient, {
    url: upstream.url,
    timeoutMs: upstream.timeoutMs,
    connections: upstream.connections,
  })
  if (benchRoutes) {
    await app.register(benchStats)
    await app.register(benchCeilings)
  }
  // The swapped run's, the workshop's and verify's registry, where one of them asks; else the registry.
  for (const warning of modeWarnings(scenarios, app.config)) app.log.warn(warning)
  await app.register(mountScenarios, { scenarios: applyModes(scenarios, app.config) })
}

// fastify-plugin: its decorations (app.upstream) and the scenarios' routes belong to the app itself.
export default fp(exhibits, { name: 'exhibits', fastify: '5.x' })
