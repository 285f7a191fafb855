/**
 * The database plugin's bound on a query: every pool connection carries DB_STATEMENT_TIMEOUT_MS,
 * so a query that runs too long is cancelled by Postgres and gives its connection back.
 */
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { testConfig } from '../helpers/app.js'

describe('db plugin', () => {
  it('cancels a query that outlasts DB_STATEMENT_TIMEOUT_MS (SQLSTATE 57014), and the pool serves on', async () => {
    const app = await buildApp(testConfig({ dbStatementTimeoutMs: 200, dbPoolSize: 1 }))
    try {
      await expect(app.sql`select pg_sleep(30)`).rejects.toMatchObject({ code: '57014' })
      // The one connection was given back: the next query runs.
      expect(await app.sql`select 1 as one`).toEqual([{ one: 1 }])
    } finally {
      await app.close()
    }
  })

  it('a request whose query outlasts the timeout gets a 503 with Retry-After, not a 500', async () => {
    const app = await buildApp(testConfig({ dbStatementTimeoutMs: 200 }))
    app.get('/test/slow-query', async () => app.dbGate.run(() => app.sql`select pg_sleep(30)`))
    try {
      const reply = await app.inject('/test/slow-query')
      expect(reply.statusCode).toBe(503)
      expect(reply.headers['retry-after']).toBe('1')
      expect(reply.json()).toMatchObject({ code: 'BS_DB_BUSY' })
    } finally {
      await app.close()
    }
  })

  it('a query that fails mid-stream leaves the next result on its connection whole (porsager/postgres#1181: holes before 4.x)', async () => {
    const app = await buildApp(testConfig({ dbPoolSize: 1 }))
    try {
      // Rows 1 to 3 arrive, then the error: the statement fails after streaming, as a statement
      // timeout does under load (an export cancelled half-way).
      await expect(app.sql`select i, 1 / (4 - i) as boom from generate_series(1, 10) i`).rejects.toMatchObject({
        code: '22012',
      })
      const next = await app.sql<Array<{ x: number }>>`select x from generate_series(1, 5) x`
      expect(next.length).toBe(5)
      expect([...next].map((row) => row?.x)).toEqual([1, 2, 3, 4, 5])
    } finally {
      await app.close()
    }
  })
})
