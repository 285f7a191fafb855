/**
 * THE MISTAKE: a synchronous HTTP call inside the handler, the Node twin of `requests.get()` inside
 * `async def`. The call is made by a worker thread while the main thread sleeps in Atomics.wait
 * (how sync-HTTP packages such as `sync-request` and `synckit` work), so for the whole round trip
 * the event loop serves nothing: not this route, not /health, not anything.
 * With upstream latency L the whole server does at most 1 ÷ L req/s, whatever the concurrency.
 * Bench: req/s ≈ 1 ÷ L, p50 ≈ connections × L, event-loop delay ≈ L.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads'
import { UpstreamTimeoutError } from '../../errors.js'
import { toUpstreamError, upstreamTimeouts } from '../../plugins/upstream-client.js'
import type { Variant } from '../scenario.js'
import { delayPath, toReply, type outboundHttpSchema } from './contract.js'

type WorkerOutcome = { statusCode: number; text: string } | { error: { name?: string; code?: string; message: string } }

export const blocking: Variant<typeof outboundHttpSchema> = {
  name: 'blocking',
  role: 'naive',
  summary: 'synchronous HTTP call: the event loop waits for the whole round trip',
  createHandler: (app) => {
    const { url, timeoutMs } = app.config.upstream
    const worker = new Worker(new URL('./sync-http-worker.mjs', import.meta.url), {
      workerData: { url, timeouts: upstreamTimeouts(timeoutMs) },
    })
    worker.unref()
    app.addHook('onClose', async () => {
      await worker.terminate()
    })

    return async (request) => {
      const path = delayPath(request.query.delayMs)
      const done = new SharedArrayBuffer(4)
      const { port1, port2 } = new MessageChannel()
      worker.postMessage({ path, done, port: port2 }, [port2])
      // The blind spot itself: this thread sleeps here, and with it every other request.
      // The worker's own timeouts fire first; the extra second only guards against a dead worker.
      const waited = Atomics.wait(new Int32Array(done), 0, 0, timeoutMs + 1_000)
      const received = receiveMessageOnPort(port1)
      port1.close()
      if (waited === 'timed-out' || !received) throw new UpstreamTimeoutError(path, timeoutMs)
      const outcome = received.message as WorkerOutcome
      if ('error' in outcome) throw toUpstreamError(rebuild(outcome.error), path, timeoutMs)
      return toReply(path, outcome.statusCode, outcome.text)
    }
  },
}

/** Errors cross the thread boundary as plain objects; give the mapper back an undici-like error. */
function rebuild(error: { name?: string; code?: string; message: string }): Error {
  return Object.assign(new Error(error.message), error)
}
