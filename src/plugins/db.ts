/**
 * PostgreSQL through postgres.js, with drizzle on top. Decorates `app.sql` (the driver, for the
 * queries a scenario wants to show raw), `app.db` (drizzle) and `app.dbGate` (a bounded wait for a
 * free connection, see db/connection-gate.ts). The pool is sized from config and every connection
 * carries a statement_timeout, so no query holds a connection forever.
 */
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import postgres, { type Sql } from 'postgres'
import { ConnectionGate } from '../db/connection-gate.js'
import * as schema from '../db/schema.js'
import { sessionParameters } from '../db/session-parameters.js'

const RECONNECT_BACKOFF_MAX_S = 1

export type Database = PostgresJsDatabase<typeof schema>

declare module 'fastify' {
  interface FastifyInstance {
    sql: Sql
    db: Database
    dbGate: ConnectionGate
  }
}

export interface DbPluginOptions {
  readonly url: string
  readonly poolSize: number
  readonly acquireTimeoutMs: number
  readonly statementTimeoutMs: number
}

async function dbPlugin(
  app: FastifyInstance,
  { url, poolSize, acquireTimeoutMs, statementTimeoutMs }: DbPluginOptions,
) {
  const sql = postgres(url, {
    max: poolSize,
    connect_timeout: 5,
    // postgres.js waits before reconnecting, up to 20 s by default (3^retries / 100 s), and
    // queries wait behind it: while Postgres is down a request would hang that long instead of
    // getting its 503. Capped at a second, the API answers fast and notices recovery within one.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, RECONNECT_BACKOFF_MAX_S),
    idle_timeout: 30,
    onnotice: () => {},
    connection: sessionParameters('blindspots', statementTimeoutMs),
  })
  app.decorate('sql', sql)
  app.decorate('db', drizzle(sql, { schema, casing: 'snake_case' }))
  app.decorate('dbGate', new ConnectionGate(poolSize, acquireTimeoutMs))
  // Lets running queries finish (up to 5 s), then closes every connection.
  app.addHook('onClose', () => sql.end({ timeout: 5 }))
}

export default fp(dbPlugin, { name: 'db', fastify: '5.x' })
