// @ts-check
/**
 * The worker side of a synchronous call (see sync-call.ts): run the async `handle` for each job,
 * post its outcome on the job's port, then wake the main thread sleeping in Atomics.wait.
 * Plain JavaScript because a worker thread loads its file with Node's own loader, wherever the
 * app runs.
 */
import { parentPort } from 'node:worker_threads'

/**
 * @template T
 * @param {(payload: T) => Promise<unknown>} handle
 */
export function serveSyncCalls(handle) {
  parentPort?.on(
    'message',
    (/** @type {{ payload: T, done: SharedArrayBuffer, port: import('node:worker_threads').MessagePort }} */ job) => {
      void handle(job.payload)
        .then(
          (value) => ({ value }),
          (/** @type {unknown} */ err) => {
            const { name, message, code } = /** @type {Error & { code?: string }} */ (err)
            return { error: { name, message, code } }
          },
        )
        .then((outcome) => {
          job.port.postMessage(outcome)
          job.port.close()
          const flag = new Int32Array(job.done)
          Atomics.store(flag, 0, 1)
          Atomics.notify(flag, 0)
        })
    },
  )
}
