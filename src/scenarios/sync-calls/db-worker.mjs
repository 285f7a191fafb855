// @ts-check
/** Runs queries for database/blocking.ts, whose main thread sleeps until each is done. */
import { workerData } from 'node:worker_threads'
import postgres from 'postgres'
import { serveSyncCalls } from './serve-sync-calls.mjs'

/** @typedef {{ url: string, statementTimeoutMs: number }} Options */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is `any`; sync-call.ts sets its shape
const { url, statementTimeoutMs } = /** @type {Options} */ (workerData)
// One connection: a synchronous driver can only ever have one query in flight.
const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: statementTimeoutMs } })

// The same statement as database/contract.ts builds with drizzle.
serveSyncCalls(async (/** @type {{ customerId: number, latencyMs: number }} */ { customerId, latencyMs }) => {
  const [row] = await sql`
    select ${customerId}::int as "customerId", count(*)::int as "orders",
      coalesce(sum(total_cents), 0)::int as "totalCents", simulated_latency(${latencyMs}) as "simulatedLatencyMs"
    from orders where customer_id = ${customerId}`
  return row
})
