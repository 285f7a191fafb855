/**
 * Finds or starts the real infrastructure once per test run, exactly as `npm start` does, except
 * that the embedded Postgres keeps its data in its own folder so tests and a running server never
 * share one. DATABASE_URL / REDIS_URL / UPSTREAM_URL, when set, are used instead.
 */
import type { TestProject } from 'vitest/node'
import { loadConfig } from '../src/config.js'
import { startInfrastructure } from '../src/infra/index.js'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    redisUrl: string
    // exhibit:start
    upstreamUrl: string
    // exhibit:end
  }
}

export default async function setup(project: TestProject) {
  const config = loadConfig({
    EMBEDDED_POSTGRES_DIR: '.data/postgres-test',
    EMBEDDED_REDIS_DIR: '.data/redis-test',
    ...process.env,
    NODE_ENV: 'test',
    // The tests read the demo rows (order 1, 100,000 orders to export).
    DEMO_DATA: 'true',
  })
  const infrastructure = await startInfrastructure(config)
  project.provide('databaseUrl', infrastructure.config.databaseUrl)
  project.provide('redisUrl', infrastructure.config.redisUrl)
  // exhibit:start
  project.provide('upstreamUrl', infrastructure.config.upstream.url)
  // exhibit:end
  return () => infrastructure.stop()
}
