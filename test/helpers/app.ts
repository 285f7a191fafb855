/** Builds apps for tests against the run's real infrastructure (see global-setup.ts). */
import { afterAll, beforeAll, inject } from 'vitest'
import { buildApp, type App } from '../../src/app.js'
import { loadConfig, type AppConfig } from '../../src/config.js'

type Overrides = Partial<Omit<AppConfig, 'upstream' | 'reports'>> & {
  reports?: Partial<AppConfig['reports']>
  // exhibit:start
  upstream?: Partial<AppConfig['upstream']>
  // exhibit:end
}

/** The config an app gets in tests: defaults, the run's infrastructure, then `overrides`. */
export function testConfig(overrides: Overrides = {}): AppConfig {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test' }
  // exhibit:start
  // SWAP_FIXES passes through, so `npm run test:swapped` can run the suite with the fixes undone.
  // So do npm run verify's: the exercise (or the answer in its place) serves the model answer's routes.
  for (const name of ['SWAP_FIXES', 'VERIFY_EXERCISE', 'EXERCISE_ANSWER'])
    if (process.env[name]) env[name] = process.env[name]
  // exhibit:end
  const base = loadConfig(env)
  return {
    ...base,
    databaseUrl: inject('databaseUrl'),
    redisUrl: inject('redisUrl'),
    ...overrides,
    // No report worker unless a test asks for one, on a queue of the test run's own.
    reports: { ...base.reports, worker: 'separate', queuePrefix: 'test', ...overrides.reports },
    // exhibit:start
    benchRoutes: overrides.benchRoutes ?? true,
    upstream: { ...base.upstream, url: inject('upstreamUrl'), ...overrides.upstream },
    scenarioFlags: { ...base.scenarioFlags, ...overrides.scenarioFlags },
    // exhibit:end
  }
}

/** An app listening on a free loopback port; close it with `app.close()`. */
export async function listeningApp(overrides: Overrides = {}): Promise<{ app: App; url: string }> {
  const app = await buildApp(testConfig(overrides))
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, url }
}

/**
 * One listening app for a whole `describe`: started before its tests, closed after them. Read
 * `server.app` and `server.url` inside the tests (they are set once the hook has run).
 */
export function useListeningApp(overrides: Overrides = {}): { app: App; url: string } {
  const server = {} as { app: App; url: string }
  beforeAll(async () => Object.assign(server, await listeningApp(overrides)))
  afterAll(() => server.app.close())
  return server
}
