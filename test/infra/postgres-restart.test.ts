/**
 * The embedded Postgres stopped and started again under load, with the API left running: while it
 * is gone, database routes answer 503 fast (not a 500, not a hang) and /health/ready names it,
 * while routes that need no database keep serving; once it is back, the API recovers without a
 * restart. Runs its own Postgres (on a port of its own) so the rest of the suite is not disturbed.
 */
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { migrationHistories } from '../../src/db/migration-histories.js'
import { prepareDatabase } from '../../src/db/migrate.js'
import { freePort } from '../../src/infra/free-port.js'
import { providePostgres } from '../../src/infra/postgres.js'
import type { Provided } from '../../src/infra/provided.js'
import { listeningApp } from '../helpers/app.js'
import { get } from '../helpers/http.js'
import { waitFor } from '../helpers/wait.js'

const dataDir = `.data/postgres-restart-${randomUUID()}`
const CLIENTS = 8

describe('Postgres restarts under load', () => {
  let postgres: Provided | undefined
  afterAll(async () => {
    await postgres?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('503 fast while it is gone, /health/ready names it, and the API recovers by itself', async () => {
    const port = await freePort()
    postgres = await providePostgres(undefined, dataDir, port)
    await prepareDatabase(postgres.url, { migrations: migrationHistories, demoData: true })
    const { app, url } = await listeningApp({ databaseUrl: postgres.url })
    const route = `${url}/orders/1`

    // Load throughout: CLIENTS loops of DB requests, each reply's status counted.
    const statuses = new Map<number, number>()
    let running = true
    const load = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        // A reply slower than this is a hang: postgres.js's reconnect backoff once made it 20 s.
        const { status } = await get(route, 5_000).catch((err: Error) => {
          throw new Error(`a DB request hung while Postgres was away: ${err.message}`)
        })
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }
    })
    try {
      await waitFor('the route serves', async () => (statuses.get(200) ?? 0) > 20)

      await postgres.stop()
      const down = await waitFor('a DB request fails while Postgres is gone', async () => {
        const reply = await get(route, 5_000)
        return reply.status !== 200 ? reply : undefined
      })
      expect(down).toMatchObject({
        status: 503,
        body: { code: 'BS_DB_UNAVAILABLE', message: expect.stringContaining('database') },
      })
      expect(down.ms).toBeLessThan(5_000) // postgres.js's own connect_timeout: refused connections fail at once
      const ready = await get(`${url}/health/ready`)
      expect(ready).toMatchObject({ status: 503, body: { checks: { redis: 'ok' } } })
      expect((ready.body as { checks: { postgres: string } }).checks.postgres).not.toBe('ok')
      expect((await get(`${url}/health`)).status).toBe(200)

      postgres = await providePostgres(undefined, dataDir, port)
      const servedBefore = statuses.get(200) ?? 0
      await waitFor('the route serves again', async () => (statuses.get(200) ?? 0) > servedBefore + 20, {
        timeoutMs: 20_000,
      })
      // Every pooled connection reconnects within its backoff (capped at 1 s): ready within a bound.
      await waitFor('ready again', async () => (await get(`${url}/health/ready`)).status === 200, {
        timeoutMs: 10_000,
        intervalMs: 100,
      })
    } finally {
      running = false
      await Promise.all(load)
      await app.close()
    }
    // Whatever failed during the outage failed as a 503: never a 500, never a hang.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 503]))
    expect([...statuses.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([])
  }, 90_000)
})
