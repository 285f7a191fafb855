/**
 * `npm start` (or, with no npm between the signal and node, `node --import tsx src/server.ts`):
 * reads the config, finds or starts what the app needs (infra/), builds the app and listens.
 * On SIGINT/SIGTERM it stops accepting, lets in-flight requests finish, closes the app's clients,
 * then stops whatever infrastructure it started.
 */
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { closeGracefully } from './graceful-shutdown.js'
import { startInfrastructure } from './infra/index.js'
// exhibit:start
import { checkScenarioSettings } from './exhibits/scenario-kit/mount-scenarios.js'
import { scenarios } from './exhibits/scenarios/index.js'
// exhibit:end

async function start(config: Config): Promise<void> {
  // exhibit:start
  // Every setting checked before anything starts: a bad flag must not cost a Postgres start.
  checkScenarioSettings(config, scenarios)
  // exhibit:end
  const infrastructure = await startInfrastructure(config)
  const app = await buildApp(infrastructure.config, {
    logger: {
      level: config.logLevel,
      ...(config.env === 'development' && process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}),
    },
  }).catch(async (err: unknown) => {
    await infrastructure.stop()
    throw err
  })
  for (const line of infrastructure.sources) app.log.info(line)

  closeGracefully({ delayMs: 15_000, log: app.log }, async () => {
    await app.close()
    await infrastructure.stop()
  })

  try {
    // An explicit host: Fastify's default of localhost may bind IPv6 only
    // (https://github.com/fastify/fastify/issues/7043).
    const url = await app.listen({ host: config.host, port: config.port })
    app.log.info({ url }, `API listening on ${url} (its routes: ${url}/docs)`)
  } catch (err) {
    app.log.error({ err }, 'could not listen')
    await app.close()
    await infrastructure.stop()
    process.exitCode = 1
  }
}

try {
  await start(loadConfig())
} catch (err) {
  // An environment that does not let us start (a bad variable, a dependency not there): one line
  // that names it, no stack trace. Anything else is a bug: everything.
  console.error(err instanceof ConfigError ? err.message : err)
  process.exitCode = 1
}
