/**
 * The probe: a cheap GET of the same server (its /health, or what the user names), one at a time,
 * every PROBE_EVERY_MS, in a worker thread of its own, so that its latency is the server's and not
 * the load generator's (which may keep the main thread busy). A server whose event loop is blocked
 * answers the probe late; one that waits on a pool or a lock answers it at once.
 */
import { Worker } from 'node:worker_threads'

export const PROBE_EVERY_MS = 10
const PROBE_TIMEOUT_MS = 5_000

// Plain JavaScript, evaluated in the worker: no TypeScript loader needed there.
const PROBE_CODE = `
const { parentPort, workerData } = require('node:worker_threads')
let samples = []
let running = true
parentPort.on('message', (m) => {
  if (m === 'take') { parentPort.postMessage(samples); samples = [] }
  if (m === 'stop') running = false
})
;(async () => {
  while (running) {
    const started = performance.now()
    let ms = null
    try {
      const res = await fetch(workerData.url, { signal: AbortSignal.timeout(workerData.timeoutMs) })
      await res.arrayBuffer()
      // A probe that does not answer 2xx measures nothing: counted as lost, not as a latency.
      if (res.ok) ms = performance.now() - started
    } catch {}
    samples.push(ms)
    const wait = workerData.everyMs - (performance.now() - started)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  parentPort.close()
})()
`

export interface ProbeSamples {
  /** Reply times in ms, in order; null where the probe got no 2xx reply within its timeout. */
  readonly ms: ReadonlyArray<number | null>
}

export interface Probe {
  /** The samples since the previous take. */
  take(): Promise<ProbeSamples>
  stop(): Promise<void>
}

/** A probe that cannot serve: what the doctor says before it puts any load on the server. */
export class ProbeError extends Error {}

/**
 * Checks the probe once, before the run: a probe that answers 404 (a wrong --probe) or an error
 * would turn every later figure into noise, so the run stops with what it got.
 */
export async function checkProbe(url: string): Promise<void> {
  const hint = 'name a cheap route of the same server that answers 2xx with --probe'
  let status: number
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) })
    await res.arrayBuffer()
    status = res.status
  } catch (err) {
    throw new ProbeError(`the probe ${url} did not answer (${(err as Error).message}): ${hint}`)
  }
  if (status < 200 || status >= 300) throw new ProbeError(`the probe ${url} answered ${status}, not 2xx: ${hint}`)
}

export function startProbe(url: string): Probe {
  const worker = new Worker(PROBE_CODE, {
    eval: true,
    workerData: { url, everyMs: PROBE_EVERY_MS, timeoutMs: PROBE_TIMEOUT_MS },
  })
  worker.unref()
  return {
    take: () =>
      new Promise((resolve) => {
        worker.once('message', (ms: Array<number | null>) => resolve({ ms }))
        worker.postMessage('take')
      }),
    async stop() {
      worker.postMessage('stop')
      await worker.terminate()
    },
  }
}
