// @ts-check
/** Makes HTTP GETs for a synchronous caller (sync-http.ts), whose main thread sleeps until each is done. */
import { workerData } from 'node:worker_threads'
import { Pool } from 'undici'
import { serveSyncCalls } from './serve-sync-calls.mjs'

/** @typedef {{ url: string, timeouts: import('undici').Pool.Options }} Options */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is `any`; sync-http.ts sets its shape
const { url, timeouts } = /** @type {Options} */ (workerData)
// One socket is enough: the main thread can only ever wait for one call at a time.
const pool = new Pool(url, { connections: 1, ...timeouts })

serveSyncCalls(async (/** @type {string} */ path) => {
  // A deadline on the whole call, as every upstream call has (see upstreamDeadline): the timeouts
  // above are idle timeouts, which a trickling upstream never trips.
  const { statusCode, body } = await pool.request({ method: 'GET', path, signal: AbortSignal.timeout(timeouts.bodyTimeout ?? 10_000) })
  return { statusCode, text: await body.text() }
})
