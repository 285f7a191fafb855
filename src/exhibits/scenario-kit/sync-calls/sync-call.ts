/**
 * How a synchronous call is made in Node (sync-HTTP packages and synckit work this way): a worker
 * thread does the async work while the main thread sleeps in Atomics.wait. The blocking variants
 * use it to reproduce `requests.get()` or a sync DB driver inside `async def`: for the whole call,
 * the event loop serves nothing.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads'

type Outcome<T> = { value: T } | { error: { name?: string; code?: string; message: string } }

export class SyncCallTimeoutError extends Error {
  override name = 'SyncCallTimeoutError'
}

export interface SyncCaller<P, T> {
  /** Blocks the calling thread until the worker answers or `timeoutMs` passes. */
  call(payload: P): T
  close(): Promise<void>
}

export function createSyncCaller<P, T>(workerFile: URL, workerData: unknown, timeoutMs: number): SyncCaller<P, T> {
  const worker = new Worker(workerFile, { workerData })
  worker.unref()
  return {
    call(payload) {
      const done = new SharedArrayBuffer(4)
      const { port1, port2 } = new MessageChannel()
      worker.postMessage({ payload, done, port: port2 }, [port2])
      // The blind spot itself: this thread, and with it every other request, sleeps here.
      const waited = Atomics.wait(new Int32Array(done), 0, 0, timeoutMs)
      const received = receiveMessageOnPort(port1)
      port1.close()
      if (waited === 'timed-out' || !received) throw new SyncCallTimeoutError(`no answer within ${timeoutMs} ms`)
      const outcome = received.message as Outcome<T>
      // Errors cross the thread boundary as plain objects; rebuild one that keeps name and code.
      if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), outcome.error)
      return outcome.value
    },
    async close() {
      await worker.terminate()
    },
  }
}
