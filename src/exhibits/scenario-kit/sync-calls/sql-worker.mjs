// @ts-check
/**
 * Runs SQL statements for a synchronous caller (sync-sql.ts), whose main thread sleeps until each
 * is done. The statement comes as text and parameters (drizzle's toSQL()), so the SQL is written
 * once, where the async variants build it.
 */
import { workerData } from 'node:worker_threads'
import postgres from 'postgres'
import { serveSyncCalls } from './serve-sync-calls.mjs'

/** @typedef {{ url: string, statementTimeoutMs: number }} Options */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is `any`; sync-sql.ts sets its shape
const { url, statementTimeoutMs } = /** @type {Options} */ (workerData)
// One connection: a synchronous driver can only ever have one query in flight.
const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: statementTimeoutMs } })

serveSyncCalls(
  async (/** @type {{ text: string, params: unknown[], fields: string[] }} */ { text, params, fields }) => {
    // Rows as arrays, named by `fields` in order: drizzle's statements select unnamed expressions.
    const rows = await sql.unsafe(text, /** @type {any[]} */ (params)).values()
    return rows.map((row) => Object.fromEntries(fields.map((field, i) => [field, row[i]])))
  },
)
