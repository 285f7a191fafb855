// @ts-check
/** Makes HTTP GETs for a synchronous caller (sync-http.ts), whose main thread sleeps until each is done. */
import { performance } from 'node:perf_hooks'
import { clearTimeout, setTimeout } from 'node:timers'
import { workerData } from 'node:worker_threads'
import { Pool } from 'undici'
import { serveSyncCalls } from './serve-sync-calls.mjs'

/** @typedef {{ url: string, timeouts: import('undici').Pool.Options }} Options */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is `any`; sync-http.ts sets its shape
const { url, timeouts } = /** @type {Options} */ (workerData)
// One socket is enough: the main thread can only ever wait for one call at a time.
const pool = new Pool(url, { connections: 1, ...timeouts })

serveSyncCalls(async (/** @type {string} */ path) => {
  // A deadline on the whole call, as every upstream call has, in the same two parts (see
  // UpstreamDeadline in plugins/upstream-client.ts): the pool's headersTimeout ends the wait for
  // headers, a timer bounds the body, which a trickling upstream would otherwise hold for ever.
  const deadlineMs = timeouts.headersTimeout ?? 10_000
  const endsAt = performance.now() + deadlineMs
  const { statusCode, body } = await pool.request({ method: 'GET', path })
  const timer = setTimeout(
    () => body.destroy(Object.assign(new Error('deadline'), { name: 'TimeoutError' })),
    Math.max(0, endsAt - performance.now()),
  )
  try {
    return { statusCode, text: await body.text() }
  } finally {
    clearTimeout(timer)
  }
})
