// @ts-check
/**
 * The other half of blocking.ts: a worker thread that performs the HTTP call for a main thread
 * that sleeps in Atomics.wait until it is done. Plain JavaScript because a worker thread loads its
 * file with Node's own loader (no TypeScript), wherever the app runs.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { Pool } from 'undici'

/** @typedef {{ path: string, done: SharedArrayBuffer, port: import('node:worker_threads').MessagePort }} Job */

/** @typedef {{ url: string, timeouts: import('undici').Pool.Options }} Options */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- workerData is `any`; blocking.ts sets its shape
const { url, timeouts } = /** @type {Options} */ (workerData)
// One socket is enough: the main thread can only ever wait for one call at a time.
const pool = new Pool(url, { connections: 1, ...timeouts })

/** @param {Job} job */
async function call(job) {
  try {
    const { statusCode, body } = await pool.request({ method: 'GET', path: job.path })
    return { statusCode, text: await body.text() }
  } catch (err) {
    const { name, message, code } = /** @type {Error & { code?: string }} */ (err)
    return { error: { name, message, code } }
  }
}

parentPort?.on('message', (/** @type {Job} */ job) => {
  void call(job).then((outcome) => {
    job.port.postMessage(outcome)
    job.port.close()
    const flag = new Int32Array(job.done)
    Atomics.store(flag, 0, 1)
    Atomics.notify(flag, 0)
  })
})
